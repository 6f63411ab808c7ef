-- GENERATED from schema.sql, schema_2.sql, … by tests/open.rs (UPDATE_SCHEMA=1): a new store's schema.
CREATE TABLE organizations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;
CREATE TABLE teams (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL
) STRICT;
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
CREATE TABLE organization_members (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id         INTEGER NOT NULL,
    name_key        TEXT NOT NULL,
    email_key       TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE team_members (
    team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id   INTEGER NOT NULL,
    name_key  TEXT NOT NULL,
    email_key TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE login_sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest       BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     BLOB NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    scope      TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE reset_hashes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE reset_sessions (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE email_changes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    new_email  TEXT NOT NULL,
    digest     BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE failed_attempts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    at      INTEGER NOT NULL
) STRICT;
CREATE TABLE lockouts (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    locked_until INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER,
    event   TEXT NOT NULL
) STRICT;
CREATE TABLE reset_demands (
    email_key TEXT NOT NULL,
    at        INTEGER NOT NULL,
    mailed    INTEGER NOT NULL DEFAULT 1,
    user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    link      TEXT
) STRICT;
CREATE TABLE login_failures (
    email_key TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
CREATE TABLE login_lockouts (
    email_key    TEXT PRIMARY KEY,
    locked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE imported_hashes (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE
) STRICT;
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT,
    created_at      INTEGER NOT NULL,
    acknowledged_at INTEGER,
    user_id         INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX teams_by_organization ON teams(organization_id);
CREATE INDEX organization_members_by_user ON organization_members(user_id);
CREATE INDEX login_sessions_by_user ON login_sessions(user_id);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
CREATE INDEX reset_hashes_by_user ON reset_hashes(user_id);
CREATE INDEX reset_sessions_by_user ON reset_sessions(user_id);
CREATE INDEX email_changes_by_user ON email_changes(user_id);
CREATE INDEX failed_attempts_by_user ON failed_attempts(user_id, kind, at);
CREATE INDEX audit_log_by_user ON audit_log(user_id, id);
CREATE INDEX reset_demands_by_email ON reset_demands(email_key, at);
CREATE INDEX reset_demands_by_time ON reset_demands(at);
CREATE INDEX reset_demands_by_user ON reset_demands(user_id);
CREATE INDEX login_failures_by_key ON login_failures(email_key, at);
CREATE INDEX login_failures_by_time ON login_failures(at);
CREATE INDEX login_lockouts_by_time ON login_lockouts(locked_until);
CREATE INDEX audit_log_by_time ON audit_log(at);
CREATE INDEX outbox_pending ON outbox(acknowledged_at, id);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX outbox_by_user ON outbox(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX organization_members_by_name ON organization_members(organization_id, name_key, user_id, role_id, email_key);
CREATE INDEX organization_members_by_email ON organization_members(organization_id, email_key, user_id, role_id, name_key);
CREATE INDEX team_members_by_name ON team_members(team_id, name_key, user_id, role_id, email_key);
CREATE INDEX team_members_by_email ON team_members(team_id, email_key, user_id, role_id, name_key);
CREATE INDEX team_members_by_user ON team_members(user_id, team_id, role_id);
