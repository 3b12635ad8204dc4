-- PostgreSQL twin of 003_findings.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- Version 3: validation findings of a cycle (replaced by every validation), and the
-- explanations actors give for them (kept across validations, audited).
CREATE TABLE finding (
    cycle     TEXT COLLATE "C" NOT NULL,
    key       TEXT COLLATE "C" NOT NULL,     -- stable: the rule and the cells concerned
    rule      TEXT COLLATE "C" NOT NULL,
    severity  TEXT COLLATE "C" NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    actor     TEXT COLLATE "C",
    detail    TEXT COLLATE "C" NOT NULL,     -- JSON: cells, expected and actual values, tables, placeholders
    found_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (cycle, key)
);
CREATE TABLE acknowledgment (
    cycle        TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    explanation  TEXT COLLATE "C" NOT NULL,
    who          TEXT COLLATE "C" NOT NULL,
    at           TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (cycle, key)
);
