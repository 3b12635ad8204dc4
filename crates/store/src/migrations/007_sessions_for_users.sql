-- Sessions are kept only for logged-in users (the login form carries a signed token instead of
-- a stored anonymous session): the anonymous ones go. Purging expired sessions, ending a user's
-- sessions and counting failed logins by name and address now use indexes, not full scans.
DELETE FROM web_session WHERE user_id IS NULL;
CREATE INDEX web_session_expires ON web_session (expires_at);
CREATE INDEX web_session_user ON web_session (user_id);
CREATE INDEX login_attempt_name_addr ON login_attempt (name, addr, at);
CREATE INDEX login_attempt_addr ON login_attempt (addr, at);
