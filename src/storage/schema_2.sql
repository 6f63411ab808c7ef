-- Version 2: every reset demand is recorded, mailed or not, so that a demand does the same
-- writes for a known address past its hourly limit as for an unknown address (SPEC §4: no
-- enumeration by time). Only mailed demands count toward the limit.
ALTER TABLE reset_demands ADD COLUMN mailed INTEGER NOT NULL DEFAULT 1;
