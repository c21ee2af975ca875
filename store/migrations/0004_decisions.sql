-- Decisions recorded from reconciliation workbooks. Rows are never updated
-- or deleted: the latest row per element key is in force, older ones are
-- history.
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    element_key TEXT NOT NULL,
    treatment   TEXT NOT NULL,
    merge_into  TEXT NOT NULL,
    new_unit    TEXT NOT NULL,
    new_owner   TEXT NOT NULL,
    note        TEXT NOT NULL,
    by          TEXT NOT NULL,
    at          TEXT NOT NULL,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    plan_id     TEXT NOT NULL
);
CREATE INDEX decisions_key ON decisions(element_key, id);
