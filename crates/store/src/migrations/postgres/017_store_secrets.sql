-- PostgreSQL twin of 017_store_secrets.sql: the same table and columns, text compared byte by
-- byte (COLLATE "C") as SQLite does.
-- Version 18: secrets of the store itself, one per purpose, made on first use and shared by
-- every process that opens the store (the portal instances' login-form key). Never printed nor
-- audited but for when it was made, and by whom.
CREATE TABLE store_secret (
    purpose     TEXT COLLATE "C" PRIMARY KEY,
    secret      TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);
