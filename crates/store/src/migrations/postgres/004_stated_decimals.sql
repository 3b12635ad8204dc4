-- PostgreSQL twin of 004_stated_decimals.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- Version 4: a stated percentage keeps the decimals it was written with ("85" or "56,87"), the
-- precision validation compares it at.
ALTER TABLE control_value ADD COLUMN stated_decimals BIGINT;
