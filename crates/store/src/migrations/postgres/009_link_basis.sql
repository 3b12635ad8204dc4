-- PostgreSQL twin of 009_link_basis.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- What each scored pair rests on: names and full birth dates (the rule may link it), names and
-- birth years, or names alone (only the coordinator may link it). Pairs stored before the
-- identity code existed rested on full identities.
ALTER TABLE link_pair ADD COLUMN basis TEXT COLLATE "C" NOT NULL DEFAULT 'name_and_birth_date';
