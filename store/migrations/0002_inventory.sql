-- Imported inventories with their provenance. An import replaces the
-- inventory of every unit it declares: that unit's elements and the
-- relations it owns. Files and imports are kept as history.
CREATE TABLE inventory_imports (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,        -- RFC 3339 UTC
    actor     TEXT NOT NULL,
    units     TEXT NOT NULL,        -- JSON array of the unit codes replaced
    elements  INTEGER NOT NULL,
    relations INTEGER NOT NULL
);

CREATE TABLE inventory_files (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES inventory_imports(id),
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    format      TEXT NOT NULL,      -- xlsx, csv, json
    imported_at TEXT NOT NULL
);

CREATE TABLE elements (
    key                TEXT NOT NULL UNIQUE, -- unit_code/id
    unit_code          TEXT NOT NULL,     -- old vintage
    id                 TEXT NOT NULL,
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    function_code      TEXT NOT NULL,
    owner              TEXT NOT NULL,
    operator           TEXT NOT NULL,
    vendor             TEXT NOT NULL,
    product            TEXT NOT NULL,
    version            TEXT NOT NULL,
    hosting            TEXT NOT NULL,
    hosted_on          TEXT NOT NULL,
    security_level     INTEGER NOT NULL,
    security_decision  TEXT NOT NULL,
    status             TEXT NOT NULL,
    record_type        TEXT NOT NULL,
    users              INTEGER NOT NULL,
    annual_cost        INTEGER NOT NULL,
    contract_end       TEXT NOT NULL,
    contract_holder    TEXT NOT NULL,
    personal_data      INTEGER NOT NULL,
    admin_code_fields  TEXT NOT NULL,
    code_vintage       TEXT NOT NULL,
    has_district_level INTEGER NOT NULL,
    address_fields     TEXT NOT NULL,
    records            INTEGER NOT NULL,
    description        TEXT NOT NULL,
    extra              TEXT NOT NULL,     -- JSON object of unknown columns, '' when none
    file_id            INTEGER NOT NULL REFERENCES inventory_files(id),
    sheet              TEXT NOT NULL,
    line               INTEGER NOT NULL
);
-- No index on unit_code: replacing a unit scans the table once, which
-- costs less than maintaining an index through every bulk insert.

CREATE TABLE relations (
    id          INTEGER PRIMARY KEY,
    owner_unit  TEXT NOT NULL,   -- the unit whose inventory declares it
    from_ref    TEXT NOT NULL,   -- a key when from_ok, else the text as written
    to_ref      TEXT NOT NULL,
    from_ok     INTEGER NOT NULL,
    to_ok       INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    via         TEXT NOT NULL,
    description TEXT NOT NULL,
    file_id     INTEGER NOT NULL REFERENCES inventory_files(id),
    sheet       TEXT NOT NULL,
    line        INTEGER NOT NULL
);
CREATE INDEX relations_owner ON relations(owner_unit);
