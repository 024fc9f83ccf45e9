-- patchloom schema, migration 2: login sessions of the web UI.
--
-- The cookie carries a random session id; only its SHA-256 (hex) is stored,
-- so a leaked database does not let anyone take over a session. Each session
-- has its own CSRF token, which every form of the pages carries.

CREATE TABLE web_session (
  id_hash CHAR(64) PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token VARCHAR(64) NOT NULL,
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL
);
CREATE INDEX web_session_user_idx ON web_session (user_id);
CREATE INDEX web_session_expires_idx ON web_session (expires);
