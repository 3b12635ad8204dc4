-- Version 3: validation findings of a cycle (replaced by every validation), and the
-- explanations actors give for them (kept across validations, audited).
CREATE TABLE finding (
    cycle     TEXT NOT NULL,
    key       TEXT NOT NULL,     -- stable: the rule and the cells concerned
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    actor     TEXT,
    detail    TEXT NOT NULL,     -- JSON: cells, expected and actual values, tables, placeholders
    found_at  TEXT NOT NULL,
    PRIMARY KEY (cycle, key)
);
CREATE TABLE acknowledgment (
    cycle        TEXT NOT NULL,
    key          TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    who          TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (cycle, key)
);
