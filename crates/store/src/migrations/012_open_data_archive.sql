-- The open-data package published with a report build: one ZIP archive, made from the cycle's
-- data and disclosure-control pattern when the coordinator publishes the build, kept as it was
-- published (the data may change afterwards; what readers download does not).
CREATE TABLE report_open_data (
    build_id  INTEGER PRIMARY KEY REFERENCES report_build(id),
    bytes     BLOB NOT NULL,
    sha256    TEXT NOT NULL,
    files     INTEGER NOT NULL,
    made_at   TEXT NOT NULL
);
