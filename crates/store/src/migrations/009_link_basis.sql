-- What each scored pair rests on: names and full birth dates (the rule may link it), names and
-- birth years, or names alone (only the coordinator may link it). Pairs stored before the
-- identity code existed rested on full identities.
ALTER TABLE link_pair ADD COLUMN basis TEXT NOT NULL DEFAULT 'name_and_birth_date';
