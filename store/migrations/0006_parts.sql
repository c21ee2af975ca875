-- What lets a command plan one province without reading the whole country.
--
-- unit_links: pairs of old units whose inventories refer to each other (a
-- relation declared by one unit with an end in the other, an element hosted
-- on another unit's host). Planning groups the new provinces of linked units
-- (migrate.Partition); reading these pairs tells which provinces a
-- province's plan needs, without reading every row. An import replaces the
-- pairs of the units it replaces.
CREATE TABLE unit_links (
    unit  TEXT NOT NULL,   -- the declaring unit
    other TEXT NOT NULL,   -- the unit its row refers to
    PRIMARY KEY (unit, other)
) WITHOUT ROWID;

INSERT OR IGNORE INTO unit_links(unit, other)
    SELECT owner_unit, substr(from_ref, 1, instr(from_ref, '/') - 1) FROM relations
    WHERE instr(from_ref, '/') > 1 AND substr(from_ref, 1, instr(from_ref, '/') - 1) <> owner_unit;
INSERT OR IGNORE INTO unit_links(unit, other)
    SELECT owner_unit, substr(to_ref, 1, instr(to_ref, '/') - 1) FROM relations
    WHERE instr(to_ref, '/') > 1 AND substr(to_ref, 1, instr(to_ref, '/') - 1) <> owner_unit;
INSERT OR IGNORE INTO unit_links(unit, other)
    SELECT unit_code, substr(hosted_on, 1, instr(hosted_on, '/') - 1) FROM elements
    WHERE instr(hosted_on, '/') > 1 AND substr(hosted_on, 1, instr(hosted_on, '/') - 1) <> unit_code;

-- province_state: each new province's summary as last planned, with the
-- state of the workspace it was planned from (the last import, decision and
-- mapping), the plan date, and the group of provinces planned with it.
-- status answers from it, planning again only the provinces whose inputs
-- changed since.
CREATE TABLE province_state (
    province     TEXT PRIMARY KEY,
    plan_id      TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    mapping_seq  INTEGER NOT NULL,
    import_seq   INTEGER NOT NULL,
    decision_seq INTEGER NOT NULL,
    grp          TEXT NOT NULL,   -- JSON array of the provinces planned together
    summary      TEXT NOT NULL    -- JSON of migrate.ProvinceSummary
);
