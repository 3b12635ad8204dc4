-- Version 18: secrets of the store itself, one per purpose, made on first use and shared by
-- every process that opens the store — e.g. the key that signs the portal's login form, so that
-- a form fetched from one portal instance can be posted to another behind the same proxy. The
-- value is never printed nor audited (the audit log says only when it was made, and by whom).
CREATE TABLE store_secret (
    purpose     TEXT PRIMARY KEY,
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
