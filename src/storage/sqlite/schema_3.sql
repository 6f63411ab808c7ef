-- Version 3: a reset demand only records itself, with the same writes for every address (SPEC
-- §4: no enumeration by time). `user_id` marks a demand that is to be mailed and is not yet:
-- its reset hash and mail are made when the outbox is next read, off the caller's clock, and
-- then it is cleared. `link` is the link template of the process that took the demand, its
-- base URL filled in, so whichever process writes the mail writes the right link. Every
-- demand sets both columns and gets an entry in the index, so every demand writes the same.
--
-- Rebuilt rather than ALTERed, as in version 2.
CREATE TABLE reset_demands_old AS SELECT rowid AS id, email_key, at, mailed FROM reset_demands;
DROP TABLE reset_demands;
CREATE TABLE reset_demands (
    email_key TEXT NOT NULL,
    at        INTEGER NOT NULL,
    mailed    INTEGER NOT NULL DEFAULT 1,
    user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    link      TEXT
) STRICT;
INSERT INTO reset_demands (rowid, email_key, at, mailed)
    SELECT id, email_key, at, mailed FROM reset_demands_old;
DROP TABLE reset_demands_old;
CREATE INDEX reset_demands_by_email ON reset_demands(email_key, at);
CREATE INDEX reset_demands_by_time ON reset_demands(at);
CREATE INDEX reset_demands_by_user ON reset_demands(user_id);
