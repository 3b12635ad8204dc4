-- Version 5: record-level data. No name, birth date or document number is ever stored: the only
-- trace of a person is the pseudonymous key computed at the actor's side.

-- One imported record file.
CREATE TABLE record_import (
    id            INTEGER PRIMARY KEY,
    schema_id     TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL,
    layout        TEXT NOT NULL,
    record_count  INTEGER NOT NULL
);

-- One record of a source, by its key within the source; the latest import of a key wins.
CREATE TABLE record (
    schema_id   TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    person_key  TEXT,
    fields      TEXT NOT NULL,       -- JSON {"field": "text form"} in the schema's field order
    import_id   INTEGER NOT NULL REFERENCES record_import(id),
    source_row  INTEGER NOT NULL,
    PRIMARY KEY (schema_id, record_key)
);
CREATE INDEX record_person ON record(person_key);
