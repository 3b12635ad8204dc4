-- Version 8: record linkage. The store still holds no identity: encodings travel inside the
-- records' fields; here are only the check value of the secret they were made under, which
-- records are one person, the scored pairs, the coordinator's decisions and the runs.

-- The check value of the actors' secret every stored encoding was made under (one per store).
CREATE TABLE encoding_check (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    check_value    TEXT NOT NULL,
    registered_at  TEXT NOT NULL,
    registered_by  TEXT NOT NULL
);

-- One run of the linkage, with the parameters its decision rule estimated (JSON).
CREATE TABLE link_run (
    id               INTEGER PRIMARY KEY,
    run_at           TEXT NOT NULL,
    run_by           TEXT NOT NULL,
    records          INTEGER NOT NULL,
    persons          INTEGER NOT NULL,
    candidate_pairs  INTEGER NOT NULL,
    linked_pairs     INTEGER NOT NULL,
    review_pairs     INTEGER NOT NULL,
    model            TEXT NOT NULL
);

-- The person of each linked record, as the latest run found it. Person ids stay with the
-- records across runs.
CREATE TABLE linked_person (
    schema_id   TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    person_id   INTEGER NOT NULL,
    run_id      INTEGER NOT NULL REFERENCES link_run(id),
    PRIMARY KEY (schema_id, record_key)
);
CREATE INDEX linked_person_person ON linked_person (person_id);

-- The pairs the latest run linked or sent to review, with their scores.
CREATE TABLE link_pair (
    a_schema     TEXT NOT NULL,
    a_key        TEXT NOT NULL,
    b_schema     TEXT NOT NULL,
    b_key        TEXT NOT NULL,
    similarity   REAL NOT NULL,
    weight       REAL NOT NULL,
    probability  REAL NOT NULL,
    status       TEXT NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES link_run(id),
    PRIMARY KEY (a_schema, a_key, b_schema, b_key)
);
CREATE INDEX link_pair_status ON link_pair (status, probability);

-- The coordinator's decisions on pairs: they survive re-linking.
CREATE TABLE link_decision (
    a_schema     TEXT NOT NULL,
    a_key        TEXT NOT NULL,
    b_schema     TEXT NOT NULL,
    b_key        TEXT NOT NULL,
    same_person  INTEGER NOT NULL,
    comment      TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    PRIMARY KEY (a_schema, a_key, b_schema, b_key)
);
