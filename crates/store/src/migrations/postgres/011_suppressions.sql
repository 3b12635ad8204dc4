-- PostgreSQL twin of 011_suppressions.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- What disclosure control hid in a cycle's publication: per published cell (a cube and the leaf
-- codes it sums, as JSON), whether it is suppressed as sensitive (primary) or to protect one
-- (secondary). Never the value: the values stay in `observation`.
CREATE TABLE suppression (
    cycle TEXT COLLATE "C" NOT NULL,
    cube TEXT COLLATE "C" NOT NULL,
    cell TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('primary', 'secondary')),
    decided_at TEXT COLLATE "C" NOT NULL,
    decided_by TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (cycle, cube, cell)
);
