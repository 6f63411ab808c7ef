-- Version 5: the server delivers the outbox itself (SMTP or a webhook), at least once, with
-- retries. `attempts` counts the deliveries tried; `next_attempt_at` is when the mail may be
-- tried (again): a courier that claims a mail moves it forward by a lease, so that no other
-- courier tries it meanwhile, and the same mail is tried again after a crash once the lease
-- is over. `user_id` is the account a mail is about, so that deleting the account forgets
-- its mail to former addresses too. AUTOINCREMENT: a mail's id is never given again once its
-- row is deleted (with an account), so a receiver may take it as an idempotency key.
--
-- Rebuilt rather than ALTERed, as in versions 2 and 3 (the WebAssembly build's SQLite has no
-- ALTER TABLE).
CREATE TABLE outbox_old AS
    SELECT id, kind, recipient, subject, body, created_at, acknowledged_at FROM outbox;
DROP TABLE outbox;
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
INSERT INTO outbox (id, kind, recipient, subject, body, created_at, acknowledged_at)
    SELECT id, kind, recipient, subject, body, created_at, acknowledged_at FROM outbox_old;
DROP TABLE outbox_old;
CREATE INDEX outbox_pending ON outbox(acknowledged_at, id);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX outbox_by_user ON outbox(user_id) WHERE user_id IS NOT NULL;
