-- Amendments: a field of an imported element that a person corrected in a
-- reconciliation workbook (its security level, its owner…), recorded by
-- apply with the decisions. Rows are never updated or deleted: the latest
-- row per element and field is in force, older ones are history, unless an
-- import of the element's unit since overrode it (amendment_overrides): the
-- newer inventory is then the truth.
CREATE TABLE amendments (
    id          INTEGER PRIMARY KEY,
    element_key TEXT NOT NULL,
    field       TEXT NOT NULL,   -- the column key (inventory.ElementColumns)
    value       TEXT NOT NULL,   -- the amended value, stored form
    previous    TEXT NOT NULL,   -- the value in force before, stored form
    typed       TEXT NOT NULL,   -- the cell as the person left it
    by          TEXT NOT NULL,
    at          TEXT NOT NULL,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    sheet       TEXT NOT NULL,
    cell        TEXT NOT NULL,   -- A1 reference
    row         INTEGER NOT NULL,
    header      TEXT NOT NULL,   -- the column's header as the file has it
    plan_id     TEXT NOT NULL
);
CREATE INDEX amendments_key ON amendments(element_key, field, id);

-- The amendments an import overrode: the import replaced the inventory of
-- the unit of their element.
CREATE TABLE amendment_overrides (
    amendment_id INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL
);

-- A province's recorded state says which amendments it was planned with.
ALTER TABLE province_state ADD COLUMN amendment_seq INTEGER NOT NULL DEFAULT 0;
