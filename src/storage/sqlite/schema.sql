-- userstore schema, version 1. Times are milliseconds since the Unix epoch (UTC).
-- Tokens, hashes and session ids are stored only as SHA-256 digests.

CREATE TABLE organizations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE teams (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL
) STRICT;
CREATE INDEX teams_by_organization ON teams(organization_id);

-- AUTOINCREMENT: a deleted user's id is never given to a new user, so the audit log (which
-- outlives the user) and any id a host kept never point at someone else.
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL,
    -- lowercase email: unique, looked up case-insensitively
    email_key          TEXT NOT NULL UNIQUE,
    language           TEXT NOT NULL,
    timezone_id        INTEGER NOT NULL,
    locale_id          INTEGER NOT NULL,
    country_id         INTEGER,
    features           TEXT NOT NULL DEFAULT '{}',
    avatar             TEXT,
    created_at         INTEGER NOT NULL,
    last_login         INTEGER,
    password_hash      TEXT,
    force_set_password INTEGER NOT NULL DEFAULT 0,
    tfa_enabled        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Memberships carry a copy of the user's sort keys (lowercase name, lowercase email) so that a
-- page of one organization or team, in any order, is read straight from an index.
CREATE TABLE organization_members (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id         INTEGER NOT NULL,
    name_key        TEXT NOT NULL,
    email_key       TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX organization_members_by_name ON organization_members(organization_id, name_key, user_id);
CREATE INDEX organization_members_by_email ON organization_members(organization_id, email_key, user_id);
CREATE INDEX organization_members_by_user ON organization_members(user_id);

CREATE TABLE team_members (
    team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id   INTEGER NOT NULL,
    name_key  TEXT NOT NULL,
    email_key TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_members_by_name ON team_members(team_id, name_key, user_id);
CREATE INDEX team_members_by_email ON team_members(team_id, email_key, user_id);
CREATE INDEX team_members_by_user ON team_members(user_id);

CREATE TABLE login_sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest       BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_sessions_by_user ON login_sessions(user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     BLOB NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    scope      TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

CREATE TABLE reset_hashes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reset_hashes_by_user ON reset_hashes(user_id);

CREATE TABLE reset_sessions (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reset_sessions_by_user ON reset_sessions(user_id);

-- Reset demands per address (known or not), for the 3-per-hour mail limit.
CREATE TABLE reset_demands (
    email_key TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX reset_demands_by_email ON reset_demands(email_key, at);
CREATE INDEX reset_demands_by_time ON reset_demands(at);

CREATE TABLE email_changes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    new_email  TEXT NOT NULL,
    digest     BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX email_changes_by_user ON email_changes(user_id);

-- Failed attempts per user and kind ('credential' or 'login') and the lockouts they caused.
CREATE TABLE failed_attempts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    at      INTEGER NOT NULL
) STRICT;
CREATE INDEX failed_attempts_by_user ON failed_attempts(user_id, kind, at);

CREATE TABLE lockouts (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    locked_until INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT,
    created_at      INTEGER NOT NULL,
    acknowledged_at INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox(acknowledged_at, id);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER,
    event   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_user ON audit_log(user_id, id);
