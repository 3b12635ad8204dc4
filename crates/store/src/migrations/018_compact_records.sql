-- Version 17: records in a compact form (issue #16). A record's values are bytes in its
-- schema's field order (crates/records/src/compact.rs): a code as its number in the code
-- dictionary below, dates and whole numbers as numbers, a person key as its 32 bytes; the key
-- is the row's key, and what the identity counts read are columns. The table is clustered by
-- its key (WITHOUT ROWID), so that a source is read in key order without a second index.
--
-- Rows stored before this version keep their JSON text in record_text until the application,
-- which knows the record schemas, converts them when it opens the store (one transaction,
-- audited); then record_text is empty.

-- Every code of a list a record field uses, numbered once: a catalog edit that inserts a code
-- shifts no stored record.
CREATE TABLE record_code (
    id        INTEGER PRIMARY KEY,
    codelist  TEXT NOT NULL,
    code      TEXT NOT NULL,
    UNIQUE (codelist, code)
);

DROP INDEX record_person;
ALTER TABLE record RENAME TO record_text;

CREATE TABLE record (
    schema_id     TEXT NOT NULL,
    record_key    TEXT NOT NULL,
    identity      INTEGER REFERENCES record_code(id),  -- the identity code, if the schema has one
    has_key       INTEGER NOT NULL,                    -- 1 when the record has an exact person key
    has_encoding  INTEGER NOT NULL,                    -- 1 when it has a person encoding
    data          BLOB NOT NULL,
    import_id     INTEGER NOT NULL REFERENCES record_import(id),
    source_row    INTEGER NOT NULL,
    PRIMARY KEY (schema_id, record_key)
) WITHOUT ROWID;
