-- Sentence pairs imported from a translation memory in TMX (the translation service's own
-- tools): per language pair, the source sentence as the memory compares it (white space made
-- single) and its translation, both as Markdown with their codes in place. An XLIFF export
-- pre-fills a segment whose source is one of these, after the texts the store holds.
CREATE TABLE translation_memory (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source)
);
