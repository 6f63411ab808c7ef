-- Version 5: the server delivers the outbox itself (SMTP or a webhook), at least once, with
-- retries. `attempts` counts the deliveries tried; `next_attempt_at` is when the mail may be
-- tried (again): a courier that claims a mail moves it forward by a lease, so that no other
-- courier tries it meanwhile, and the same mail is tried again after a crash once the lease
-- is over. `user_id` is the account a mail is about, so that deleting the account forgets
-- its mail to former addresses too. (SQLite's migration rebuilds the table, with
-- AUTOINCREMENT so that no id is given twice; an identity column never gives one twice.)
ALTER TABLE outbox ADD COLUMN user_id bigint;
ALTER TABLE outbox ADD COLUMN attempts bigint NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at bigint NOT NULL DEFAULT 0;
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX outbox_by_user ON outbox(user_id) WHERE user_id IS NOT NULL;
