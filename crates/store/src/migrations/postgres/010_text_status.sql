-- PostgreSQL twin of 010_text_status.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- How far each saved text is from publishable: the actor's own (original), a draft translation,
-- a translation, a reviewed translation. Texts saved before were written in the portal by their
-- actors: originals.
ALTER TABLE narrative_text ADD COLUMN status TEXT COLLATE "C" NOT NULL DEFAULT 'original';
