-- Plans made by the consolidation engine. The whole plan is kept as gzip'd
-- JSON; the columns beside it let a command find the plan that matches its
-- inputs (fingerprint) without reading it. The latest row is the current
-- plan; older ones are history, pruned to the most recent few.
CREATE TABLE plans (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL,        -- "P" + 12 hex of the fingerprint
    created_at  TEXT NOT NULL,        -- RFC 3339 UTC
    as_of       TEXT NOT NULL,        -- yyyy-mm-dd
    fingerprint TEXT NOT NULL,        -- of the inputs (migrate.Fingerprint)
    mapping     TEXT NOT NULL,
    provinces   TEXT NOT NULL,        -- JSON array of the new provinces covered
    elements    INTEGER NOT NULL,
    flags       INTEGER NOT NULL,
    body        BLOB NOT NULL         -- gzip'd JSON of migrate.Plan
);
CREATE INDEX plans_fingerprint ON plans(fingerprint);
