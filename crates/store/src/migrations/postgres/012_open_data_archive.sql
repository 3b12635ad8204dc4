-- PostgreSQL twin of 012_open_data_archive.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- The open-data package published with a report build: one ZIP archive, made from the cycle's
-- data and disclosure-control pattern when the coordinator publishes the build, kept as it was
-- published (the data may change afterwards; what readers download does not).
CREATE TABLE report_open_data (
    build_id  BIGINT PRIMARY KEY REFERENCES report_build(id),
    bytes     BYTEA NOT NULL,
    sha256    TEXT COLLATE "C" NOT NULL,
    files     BIGINT NOT NULL,
    made_at   TEXT COLLATE "C" NOT NULL
);
