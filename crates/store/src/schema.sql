-- Version 1 of the store. Values are exact integers scaled by the measure's decimals.

-- The catalog the data were checked against, as a snapshot: code lists and cubes.
CREATE TABLE catalog_snapshot (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    catalog_id    TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    loaded_at     TEXT NOT NULL
);
CREATE TABLE code_list (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL              -- JSON labels {"nl": …, "fr": …, "en": …}
);
CREATE TABLE code (
    list_id   TEXT NOT NULL REFERENCES code_list(id) ON DELETE CASCADE,
    id        TEXT NOT NULL,
    position  INTEGER NOT NULL,
    parent    TEXT,
    labels    TEXT NOT NULL,
    PRIMARY KEY (list_id, id)
);
CREATE TABLE cube (
    id          TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    measure     TEXT NOT NULL,
    decimals    INTEGER NOT NULL,
    dimensions  TEXT NOT NULL,       -- JSON [{"id": …, "codelist": …}] in column order
    name        TEXT NOT NULL
);

-- One imported file: the provenance of every value it brought.
CREATE TABLE import (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    cycle        TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    layout       TEXT NOT NULL,
    row_count    INTEGER NOT NULL
);

-- One actor's submission for one cube and cycle (a version per import that changed it).
CREATE TABLE data_return (
    id          INTEGER PRIMARY KEY,
    cycle       TEXT NOT NULL,
    cube        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    import_id   INTEGER NOT NULL REFERENCES import(id),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'sent_back')),
    created_at  TEXT NOT NULL,
    periods     TEXT NOT NULL        -- JSON list of the periods the return covers
);

-- Data: values at leaf codes only.
CREATE TABLE observation (
    cycle       TEXT NOT NULL,
    cube        TEXT NOT NULL,
    coordinate  TEXT NOT NULL,       -- canonical key: period|dimension=code|…
    period      TEXT NOT NULL,
    codes       TEXT NOT NULL,       -- JSON {"dimension": "code"}
    value       INTEGER NOT NULL,
    flags       TEXT NOT NULL,       -- space-separated flag ids, sorted
    note        TEXT,
    return_id   INTEGER NOT NULL REFERENCES data_return(id),
    source_row  INTEGER NOT NULL,
    PRIMARY KEY (cycle, cube, coordinate)
);

-- Control values: totals and subtotals an actor states; never counted as data.
CREATE TABLE stated_total (
    cycle       TEXT NOT NULL,
    cube        TEXT NOT NULL,
    coordinate  TEXT NOT NULL,
    period      TEXT NOT NULL,
    codes       TEXT NOT NULL,
    value       INTEGER NOT NULL,
    flags       TEXT NOT NULL,
    note        TEXT,
    return_id   INTEGER NOT NULL REFERENCES data_return(id),
    source_row  INTEGER NOT NULL,
    PRIMARY KEY (cycle, cube, coordinate)
);

-- Every change: who, what, when, before, after (JSON).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key);
