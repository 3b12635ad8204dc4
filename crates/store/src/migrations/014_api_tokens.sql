-- Version 14: the API for actors' systems. A token the coordinator issues is kept only as the
-- SHA-256 of its 256 random bits (a copy of the file opens no API access), with the one role and
-- the actor it is scoped to, who issued and who revoked it, and when it was last used (every use
-- is also in the audit log). A coordinator's token does not exist: the API serves actors'
-- systems and readers.
CREATE TABLE api_token (
    id            INTEGER PRIMARY KEY,
    label         TEXT NOT NULL UNIQUE,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('contributor', 'reviewer', 'field', 'reader')),
    actor         TEXT,             -- a code of the `actor` code list; NULL for a reader's token
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    revoked_at    TEXT,
    revoked_by    TEXT,
    last_used_at  TEXT,
    CHECK ((role = 'reader') = (actor IS NULL))
);

-- The first answer the API gave to a submission, per token and idempotency key (the client's
-- `Idempotency-Key`, else the request's SHA-256): a retry of the same request gets it again and
-- changes nothing; the same key with another request is refused. `request_sha256` covers the
-- route, the cycle, the file name and the body.
CREATE TABLE api_submission (
    token_id         INTEGER NOT NULL REFERENCES api_token(id),
    idempotency_key  TEXT NOT NULL,
    request_sha256   TEXT NOT NULL,
    status           INTEGER NOT NULL,
    response         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (token_id, idempotency_key)
);
CREATE INDEX api_submission_created_at ON api_submission (created_at);
