-- How far each saved text is from publishable: the actor's own (original), a draft translation,
-- a translation, a reviewed translation. Texts saved before were written in the portal by their
-- actors: originals.
ALTER TABLE narrative_text ADD COLUMN status TEXT NOT NULL DEFAULT 'original';
