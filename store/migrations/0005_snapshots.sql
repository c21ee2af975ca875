-- Progress over time: each plan saved (by plan, report, export, apply or a
-- batch) records, per new province it covers, the open and resolved flags by
-- severity and the decisions in force at that moment. Rows are never updated;
-- a province's latest row at a date is its state at that date.
CREATE TABLE snapshots (
    seq               INTEGER PRIMARY KEY,
    at                TEXT NOT NULL,     -- RFC 3339 UTC
    plan_id           TEXT NOT NULL,
    as_of             TEXT NOT NULL,     -- the plan date
    province          TEXT NOT NULL,     -- new-vintage code
    name              TEXT NOT NULL,
    elements_before   INTEGER NOT NULL,
    elements_after    INTEGER NOT NULL,
    open_blocker      INTEGER NOT NULL,
    open_high         INTEGER NOT NULL,
    open_medium       INTEGER NOT NULL,
    open_info         INTEGER NOT NULL,
    resolved_blocker  INTEGER NOT NULL,
    resolved_high     INTEGER NOT NULL,
    resolved_medium   INTEGER NOT NULL,
    resolved_info     INTEGER NOT NULL,
    decisions         INTEGER NOT NULL
);
CREATE INDEX snapshots_province ON snapshots(province, seq);
