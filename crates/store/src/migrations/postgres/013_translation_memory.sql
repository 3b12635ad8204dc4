-- PostgreSQL twin of 013_translation_memory.sql: the same tables and columns; ids made by the database,
-- 64-bit integers, BYTEA for bytes, text compared byte by byte (COLLATE "C") as SQLite does.
-- Sentence pairs imported from a translation memory in TMX (the translation service's own
-- tools): per language pair, the source sentence as the memory compares it (white space made
-- single) and its translation, both as Markdown with their codes in place. An XLIFF export
-- pre-fills a segment whose source is one of these, after the texts the store holds.
CREATE TABLE translation_memory (
    source_lang TEXT COLLATE "C" NOT NULL,
    target_lang TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    imported_at TEXT COLLATE "C" NOT NULL,
    imported_by TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source)
);
