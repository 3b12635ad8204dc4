-- PostgreSQL twin of 016_observation_status.sql: text compared byte by byte (COLLATE "C").
-- Version 16: a cell of data may hold a status instead of a value: SDMX's OBS_STATUS M (not
-- available) or C (confidential), for a cell the cycle owes that the actor cannot give. The
-- value of such a row is 0 and means nothing; a cell holds a value or a status, never both
-- (the primary key).
ALTER TABLE observation ADD COLUMN status TEXT COLLATE "C";
