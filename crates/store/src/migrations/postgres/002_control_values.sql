-- PostgreSQL twin of 002_control_values.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- Version 2: the stated totals become control values: any figure an actor states for checking
-- (a printed total or subtotal, a figure of its narrative, a percentage with its base).
ALTER TABLE stated_total RENAME TO control_value;
ALTER TABLE control_value ADD COLUMN base TEXT COLLATE "C";   -- for a percentage: the dimension of its denominator
