-- Version 6: the portal. Accounts, sessions, cycles opened for collection, what each actor owes,
-- the actors' texts, and the report builds. Passwords are kept only as Argon2id hashes, session
-- tokens only as SHA-256 hashes: a copy of the file opens no account and no session.

CREATE TABLE app_user (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('coordinator', 'contributor', 'reviewer', 'field', 'reader')),
    actor          TEXT,             -- a code of the `actor` code list; NULL for coordinator and reader
    lang           TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    CHECK ((role IN ('coordinator', 'reader')) = (actor IS NULL))
);

-- A browser's session; anonymous (user_id NULL) until its owner logs in, so that the login form
-- carries a CSRF token too.
CREATE TABLE web_session (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER REFERENCES app_user(id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE login_attempt (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    addr  TEXT NOT NULL,
    at    TEXT NOT NULL,
    ok    INTEGER NOT NULL
);
CREATE INDEX login_attempt_at ON login_attempt (at);

-- A catalog cycle opened for collection in the portal.
CREATE TABLE portal_cycle (
    id         TEXT PRIMARY KEY,
    opened_at  TEXT NOT NULL,
    opened_by  TEXT NOT NULL
);

-- What an actor owes in a cycle: a return (cube) or a narrative section, by a deadline, and where
-- it stands.
CREATE TABLE assignment (
    cycle      TEXT NOT NULL REFERENCES portal_cycle(id),
    kind       TEXT NOT NULL CHECK (kind IN ('cube', 'section')),
    item       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    deadline   TEXT NOT NULL,        -- YYYY-MM-DD
    status     TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'approved', 'sent_back')),
    comment    TEXT,
    status_at  TEXT NOT NULL,
    status_by  TEXT NOT NULL,
    PRIMARY KEY (cycle, kind, item, actor)
);

-- An actor's text of a report section, in one language (Markdown).
CREATE TABLE narrative_text (
    cycle       TEXT NOT NULL,
    section     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    lang        TEXT NOT NULL,
    markdown    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (cycle, section, actor, lang)
);

-- A built report file; readers see only published ones.
CREATE TABLE report_build (
    id         INTEGER PRIMARY KEY,
    cycle      TEXT NOT NULL,
    lang       TEXT NOT NULL,
    format     TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    built_at   TEXT NOT NULL,
    built_by   TEXT NOT NULL,
    published  INTEGER NOT NULL DEFAULT 0
);
