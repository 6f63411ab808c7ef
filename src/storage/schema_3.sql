-- Version 3: a reset demand only records itself, with the same writes for every address (SPEC
-- §4: no enumeration by time). `user_id` marks a demand that is to be mailed and is not yet:
-- its reset hash and mail are made when the outbox is next read, off the caller's clock, and
-- then it is cleared. `link` is the link template of the process that took the demand, its
-- base URL filled in, so whichever process writes the mail writes the right link. Every
-- demand sets both columns and gets an entry in the index, so every demand writes the same.
ALTER TABLE reset_demands ADD COLUMN user_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE reset_demands ADD COLUMN link TEXT;
CREATE INDEX reset_demands_by_user ON reset_demands(user_id);
