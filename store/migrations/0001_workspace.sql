-- The workspace itself: identity, audit log, and the active mapping.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,           -- RFC 3339 UTC
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,           -- init, import_mapping, import_inventory, plan, apply, ...
    detail TEXT NOT NULL            -- JSON
);

CREATE TABLE mappings (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    source    TEXT NOT NULL,        -- "builtin" or the path it was read from
    sha256    TEXT NOT NULL,        -- of the input files, in order
    loaded_at TEXT NOT NULL,
    active    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE mapping_units (
    mapping_id  INTEGER NOT NULL REFERENCES mappings(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    vintage     TEXT NOT NULL CHECK (vintage IN ('old', 'new')),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,
    parent_code TEXT NOT NULL,
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    PRIMARY KEY (mapping_id, vintage, seq)
);

CREATE TABLE mapping_links (
    mapping_id INTEGER NOT NULL REFERENCES mappings(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    old_code   TEXT NOT NULL,
    new_code   TEXT NOT NULL,
    relation   TEXT NOT NULL,
    transfer   TEXT NOT NULL,
    resolution TEXT NOT NULL,
    clause     TEXT NOT NULL,
    file       TEXT NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (mapping_id, seq)
);
