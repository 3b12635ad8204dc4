-- What disclosure control hid in a cycle's publication: per published cell (a cube and the leaf
-- codes it sums, as JSON), whether it is suppressed as sensitive (primary) or to protect one
-- (secondary). Never the value: the values stay in `observation`.
CREATE TABLE suppression (
    cycle TEXT NOT NULL,
    cube TEXT NOT NULL,
    cell TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('primary', 'secondary')),
    decided_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    PRIMARY KEY (cycle, cube, cell)
);
