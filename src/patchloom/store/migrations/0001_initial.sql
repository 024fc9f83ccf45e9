-- patchloom schema, migration 1: Patchwork's data model (spec/parser.md §12)
-- plus the raw archive of every mail.
--
-- Portable between SQLite and PostgreSQL. The migration runner substitutes:
--   {{ID}}    an auto-incrementing integer primary key
--             (SQLite: INTEGER PRIMARY KEY AUTOINCREMENT; PostgreSQL: BIGSERIAL PRIMARY KEY)
--   {{BLOB}}  binary data (SQLite: BLOB; PostgreSQL: BYTEA)
-- Conventions: booleans are SMALLINT 0/1 (one binding type on both engines);
-- datetimes are BIGINT microseconds since the Unix epoch, naive UTC
-- (util::Timestamp), which sort and compare correctly; ids are assigned in
-- ingestion order. "check" is reserved in SQL, so Patchwork's Check is
-- check_result; "user" is reserved in PostgreSQL, so users.

CREATE TABLE project (
  id {{ID}},
  linkname VARCHAR(255) NOT NULL UNIQUE,
  name VARCHAR(255) NOT NULL UNIQUE,
  listid VARCHAR(255) NOT NULL,
  listemail VARCHAR(200) NOT NULL,
  subject_match VARCHAR(64) NOT NULL DEFAULT '',
  web_url VARCHAR(2000) NOT NULL DEFAULT '',
  scm_url VARCHAR(2000) NOT NULL DEFAULT '',
  webscm_url VARCHAR(2000) NOT NULL DEFAULT '',
  list_archive_url VARCHAR(2000) NOT NULL DEFAULT '',
  list_archive_url_format VARCHAR(2000) NOT NULL DEFAULT '',
  commit_url_format VARCHAR(2000) NOT NULL DEFAULT '',
  send_notifications SMALLINT NOT NULL DEFAULT 0,
  use_tags SMALLINT NOT NULL DEFAULT 1,
  show_dependencies SMALLINT NOT NULL DEFAULT 0,
  UNIQUE (listid, subject_match)
);

CREATE TABLE users (
  id {{ID}},
  username VARCHAR(150) NOT NULL UNIQUE,
  email VARCHAR(254) NOT NULL DEFAULT '',
  first_name VARCHAR(150) NOT NULL DEFAULT '',
  last_name VARCHAR(150) NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL DEFAULT '',      -- argon2id (libsodium); '' = no password login
  is_staff SMALLINT NOT NULL DEFAULT 0,
  is_superuser SMALLINT NOT NULL DEFAULT 0,
  is_active SMALLINT NOT NULL DEFAULT 1,
  date_joined BIGINT NOT NULL,
  last_login BIGINT NULL,
  -- user profile (Patchwork's UserProfile)
  send_email SMALLINT NOT NULL DEFAULT 0,
  items_per_page INTEGER NOT NULL DEFAULT 100,
  show_ids SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE project_maintainer (
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_maintainer_user_idx ON project_maintainer (user_id);

-- API tokens: only a hash of the secret is stored. `lookup` is a short
-- non-secret prefix of the token used to find the row before the
-- constant-time comparison of the hash.
CREATE TABLE api_token (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lookup VARCHAR(16) NOT NULL UNIQUE,
  key_hash VARCHAR(128) NOT NULL,
  created BIGINT NOT NULL
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

CREATE TABLE person (
  id {{ID}},
  email VARCHAR(255) NOT NULL UNIQUE,
  email_lower VARCHAR(255) NOT NULL,           -- lookups are case-insensitive
  name VARCHAR(255) NULL,
  user_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX person_email_lower_idx ON person (email_lower);
CREATE INDEX person_user_idx ON person (user_id);

CREATE TABLE state (
  id {{ID}},
  name VARCHAR(100) NOT NULL UNIQUE,
  slug VARCHAR(100) NOT NULL UNIQUE,
  ordering INTEGER NOT NULL UNIQUE,
  action_required SMALLINT NOT NULL DEFAULT 1
);

CREATE TABLE tag (
  id {{ID}},
  name VARCHAR(20) NOT NULL,
  pattern VARCHAR(50) NOT NULL,
  abbrev VARCHAR(2) NOT NULL UNIQUE,
  show_column SMALLINT NOT NULL DEFAULT 1
);

CREATE TABLE delegation_rule (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  path VARCHAR(255) NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  UNIQUE (path, project_id)
);

-- Every mail received for a known project, kept byte for byte (zlib
-- compressed) whatever Patchwork would have made of it: the archive's source
-- of truth and the raw/mbox download source. `kind` records what ingest made
-- of it: patch, cover, comment, or none.
CREATE TABLE message (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  msgid VARCHAR(255) NOT NULL,
  date BIGINT NOT NULL,
  received BIGINT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  from_email TEXT NOT NULL DEFAULT '',
  in_reply_to VARCHAR(255) NULL,               -- first parent reference, for threading
  thread_root_id BIGINT NULL,                  -- message id of the thread's root, once known
  kind VARCHAR(10) NOT NULL DEFAULT 'none',
  raw_size INTEGER NOT NULL,
  raw {{BLOB}} NOT NULL,
  UNIQUE (project_id, msgid)
);
CREATE INDEX message_project_date_idx ON message (project_id, date);
CREATE INDEX message_in_reply_to_idx ON message (project_id, in_reply_to);
CREATE INDEX message_thread_idx ON message (thread_root_id);

-- The References/In-Reply-To chain of each message in Patchwork's order
-- (spec/parser.md §2.8): position 0 is the first entry.
CREATE TABLE message_reference (
  message_id BIGINT NOT NULL REFERENCES message (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  msgid VARCHAR(255) NOT NULL,
  PRIMARY KEY (message_id, position)
);
CREATE INDEX message_reference_msgid_idx ON message_reference (msgid);

CREATE TABLE cover (
  id {{ID}},
  msgid VARCHAR(255) NOT NULL,
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  date BIGINT NOT NULL,
  headers TEXT NOT NULL,
  content TEXT NULL,
  name VARCHAR(255) NOT NULL,
  submitter_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  message_id BIGINT NULL REFERENCES message (id) ON DELETE SET NULL,
  UNIQUE (msgid, project_id)
);
CREATE INDEX cover_project_idx ON cover (project_id, id);
CREATE INDEX cover_submitter_idx ON cover (submitter_id);
CREATE INDEX cover_name_idx ON cover (name);
CREATE INDEX cover_date_idx ON cover (date);

CREATE TABLE series (
  id {{ID}},
  project_id BIGINT NULL REFERENCES project (id) ON DELETE CASCADE,
  cover_letter_id BIGINT NULL UNIQUE REFERENCES cover (id) ON DELETE SET NULL,
  name VARCHAR(255) NULL,
  date BIGINT NOT NULL,
  submitter_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  version INTEGER NOT NULL DEFAULT 1,
  total INTEGER NOT NULL
);
CREATE INDEX series_project_idx ON series (project_id, id);
CREATE INDEX series_markers_idx ON series (project_id, submitter_id, version, total, date);
CREATE INDEX series_date_idx ON series (date);

CREATE TABLE series_dependency (
  from_series_id BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  to_series_id BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  PRIMARY KEY (from_series_id, to_series_id)
);
CREATE INDEX series_dependency_to_idx ON series_dependency (to_series_id);

CREATE TABLE series_reference (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  series_id BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  msgid VARCHAR(255) NOT NULL,
  UNIQUE (project_id, msgid)
);
CREATE INDEX series_reference_series_idx ON series_reference (series_id);

CREATE TABLE patch_relation (
  id {{ID}}
);

CREATE TABLE patch (
  id {{ID}},
  msgid VARCHAR(255) NOT NULL,
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  date BIGINT NOT NULL,
  headers TEXT NOT NULL,
  content TEXT NULL,
  name VARCHAR(255) NOT NULL,
  submitter_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  diff TEXT NULL,
  commit_ref VARCHAR(255) NULL,
  pull_url VARCHAR(255) NULL,
  delegate_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
  state_id BIGINT NULL REFERENCES state (id),
  archived SMALLINT NOT NULL DEFAULT 0,
  hash CHAR(40) NULL,
  series_id BIGINT NULL REFERENCES series (id) ON DELETE CASCADE,
  number INTEGER NULL,
  related_id BIGINT NULL REFERENCES patch_relation (id) ON DELETE SET NULL,
  message_id BIGINT NULL REFERENCES message (id) ON DELETE SET NULL,
  UNIQUE (msgid, project_id),
  UNIQUE (series_id, number)
);
CREATE INDEX patch_project_idx ON patch (project_id, id);
CREATE INDEX patch_project_date_idx ON patch (project_id, date);
CREATE INDEX patch_state_idx ON patch (state_id, id);
CREATE INDEX patch_submitter_idx ON patch (submitter_id, id);
CREATE INDEX patch_delegate_idx ON patch (delegate_id, id);
CREATE INDEX patch_series_idx ON patch (series_id, number);
CREATE INDEX patch_hash_idx ON patch (hash);
CREATE INDEX patch_msgid_idx ON patch (msgid);
CREATE INDEX patch_date_idx ON patch (date);
CREATE INDEX patch_related_idx ON patch (related_id);

CREATE TABLE patch_comment (
  id {{ID}},
  msgid VARCHAR(255) NOT NULL,
  patch_id BIGINT NOT NULL REFERENCES patch (id) ON DELETE CASCADE,
  date BIGINT NOT NULL,
  headers TEXT NOT NULL,
  content TEXT NULL,
  submitter_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  addressed SMALLINT NULL,
  message_id BIGINT NULL REFERENCES message (id) ON DELETE SET NULL,
  UNIQUE (msgid, patch_id)
);
CREATE INDEX patch_comment_date_idx ON patch_comment (patch_id, date);
CREATE INDEX patch_comment_msgid_idx ON patch_comment (msgid);

CREATE TABLE cover_comment (
  id {{ID}},
  msgid VARCHAR(255) NOT NULL,
  cover_id BIGINT NOT NULL REFERENCES cover (id) ON DELETE CASCADE,
  date BIGINT NOT NULL,
  headers TEXT NOT NULL,
  content TEXT NULL,
  submitter_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  addressed SMALLINT NULL,
  message_id BIGINT NULL REFERENCES message (id) ON DELETE SET NULL,
  UNIQUE (msgid, cover_id)
);
CREATE INDEX cover_comment_date_idx ON cover_comment (cover_id, date);
CREATE INDEX cover_comment_msgid_idx ON cover_comment (msgid);

CREATE TABLE patch_tag (
  patch_id BIGINT NOT NULL REFERENCES patch (id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
  count INTEGER NOT NULL,
  PRIMARY KEY (patch_id, tag_id)
);

CREATE TABLE check_result (
  id {{ID}},
  patch_id BIGINT NOT NULL REFERENCES patch (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  date BIGINT NOT NULL,
  state SMALLINT NOT NULL,                     -- 0 pending, 1 success, 2 warning, 3 fail
  target_url VARCHAR(200) NULL,
  description TEXT NULL,
  context VARCHAR(255) NOT NULL DEFAULT 'default'
);
CREATE INDEX check_result_patch_idx ON check_result (patch_id, id);
CREATE INDEX check_result_context_idx ON check_result (context);

CREATE TABLE bundle (
  id {{ID}},
  owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  name VARCHAR(50) NOT NULL,
  public SMALLINT NOT NULL DEFAULT 0,
  UNIQUE (owner_id, name)
);
CREATE INDEX bundle_project_idx ON bundle (project_id);

CREATE TABLE bundle_patch (
  id {{ID}},
  bundle_id BIGINT NOT NULL REFERENCES bundle (id) ON DELETE CASCADE,
  patch_id BIGINT NOT NULL REFERENCES patch (id) ON DELETE CASCADE,
  "order" INTEGER NOT NULL,
  UNIQUE (bundle_id, patch_id)
);
CREATE INDEX bundle_patch_patch_idx ON bundle_patch (patch_id);

CREATE TABLE event (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  category VARCHAR(25) NOT NULL,
  date BIGINT NOT NULL,
  actor_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
  patch_id BIGINT NULL REFERENCES patch (id) ON DELETE CASCADE,
  series_id BIGINT NULL REFERENCES series (id) ON DELETE CASCADE,
  cover_id BIGINT NULL REFERENCES cover (id) ON DELETE CASCADE,
  previous_state_id BIGINT NULL REFERENCES state (id) ON DELETE CASCADE,
  current_state_id BIGINT NULL REFERENCES state (id) ON DELETE CASCADE,
  previous_delegate_id BIGINT NULL REFERENCES users (id) ON DELETE CASCADE,
  current_delegate_id BIGINT NULL REFERENCES users (id) ON DELETE CASCADE,
  previous_relation_id BIGINT NULL REFERENCES patch_relation (id) ON DELETE CASCADE,
  current_relation_id BIGINT NULL REFERENCES patch_relation (id) ON DELETE CASCADE,
  created_check_id BIGINT NULL REFERENCES check_result (id) ON DELETE CASCADE,
  cover_comment_id BIGINT NULL REFERENCES cover_comment (id) ON DELETE CASCADE,
  patch_comment_id BIGINT NULL REFERENCES patch_comment (id) ON DELETE CASCADE
);
CREATE INDEX event_project_idx ON event (project_id, date);
CREATE INDEX event_date_idx ON event (date, id);
CREATE INDEX event_category_idx ON event (category);
CREATE INDEX event_patch_idx ON event (patch_id);
CREATE INDEX event_series_idx ON event (series_id);
CREATE INDEX event_cover_idx ON event (cover_id);
CREATE INDEX event_actor_idx ON event (actor_id);

CREATE TABLE patch_change_notification (
  patch_id BIGINT PRIMARY KEY REFERENCES patch (id) ON DELETE CASCADE,
  last_modified BIGINT NOT NULL,
  orig_state_id BIGINT NOT NULL REFERENCES state (id) ON DELETE CASCADE
);

-- Patchwork's default fixtures: states and tags.
INSERT INTO state (name, slug, ordering, action_required) VALUES
  ('New', 'new', 0, 1),
  ('Under Review', 'under-review', 1, 1),
  ('Accepted', 'accepted', 2, 0),
  ('Rejected', 'rejected', 3, 0),
  ('RFC', 'rfc', 4, 0),
  ('Not Applicable', 'not-applicable', 5, 0),
  ('Changes Requested', 'changes-requested', 6, 0),
  ('Awaiting Upstream', 'awaiting-upstream', 7, 0),
  ('Superseded', 'superseded', 8, 0),
  ('Deferred', 'deferred', 9, 0);

INSERT INTO tag (name, pattern, abbrev, show_column) VALUES
  ('Acked-by', '^Acked-by:', 'A', 1),
  ('Reviewed-by', '^Reviewed-by:', 'R', 1),
  ('Tested-by', '^Tested-by:', 'T', 1);
