-- Version 2: every reset demand is recorded, mailed or not, so that a demand does the same
-- writes for a known address past its hourly limit as for an unknown address (SPEC §4: no
-- enumeration by time). Only mailed demands count toward the limit.
--
-- Migrations rebuild a table rather than ALTER it: the WebAssembly build's SQLite has no
-- ALTER TABLE (bindings/wasm/sqlite/options.txt). Rows keep their rowids.
CREATE TABLE reset_demands_old AS SELECT rowid AS id, email_key, at FROM reset_demands;
DROP TABLE reset_demands;
CREATE TABLE reset_demands (
    email_key TEXT NOT NULL,
    at        INTEGER NOT NULL,
    mailed    INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO reset_demands (rowid, email_key, at) SELECT id, email_key, at FROM reset_demands_old;
DROP TABLE reset_demands_old;
CREATE INDEX reset_demands_by_email ON reset_demands(email_key, at);
CREATE INDEX reset_demands_by_time ON reset_demands(at);
