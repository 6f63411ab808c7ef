-- Version 4: failed logins are counted, and login locked, per normalized address (email_key),
-- whether or not an account has that address, so that every answer to a failed login,
-- lockout included, is the same for an unknown address as for a known one (SPEC §4). The
-- login counters and lockouts of version 3, kept per user, move over under their user's
-- address.
CREATE TABLE login_failures (
    email_key TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_key ON login_failures(email_key, at);
CREATE INDEX login_failures_by_time ON login_failures(at);

CREATE TABLE login_lockouts (
    email_key    TEXT PRIMARY KEY,
    locked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX login_lockouts_by_time ON login_lockouts(locked_until);

INSERT INTO login_failures (email_key, at)
    SELECT u.email_key, f.at FROM failed_attempts f JOIN users u ON u.id = f.user_id
    WHERE f.kind = 'login';
INSERT INTO login_lockouts (email_key, locked_until)
    SELECT u.email_key, l.locked_until FROM lockouts l JOIN users u ON u.id = l.user_id
    WHERE l.kind = 'login';
DELETE FROM failed_attempts WHERE kind = 'login';
DELETE FROM lockouts WHERE kind = 'login';

-- Users whose password hash was imported from another system (`passwordHash`): such a hash
-- may be of the password as typed rather than of its NFKC form, which this store hashes. It
-- is verified as typed, once, and replaced by a hash of the NFKC form at the first success.
CREATE TABLE imported_hashes (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE
) STRICT;

-- Audit retention deletes the oldest events by time, whatever order their ids are in.
CREATE INDEX audit_log_by_time ON audit_log(at);
