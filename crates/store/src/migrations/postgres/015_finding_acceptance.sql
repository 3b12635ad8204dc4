-- PostgreSQL twin of 015_finding_acceptance.sql: the same table and columns, text compared byte
-- by byte (COLLATE "C") as SQLite does.
-- Version 15: the coordinator's acceptance of an error finding that is to be published as it
-- stands, kept with the finding's detail at the time of acceptance.
CREATE TABLE finding_acceptance (
    cycle   TEXT COLLATE "C" NOT NULL,
    key     TEXT COLLATE "C" NOT NULL,
    detail  TEXT COLLATE "C" NOT NULL,
    who     TEXT COLLATE "C" NOT NULL,
    at      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (cycle, key)
);
