-- Validate in a later migration: the scan holds only SHARE UPDATE EXCLUSIVE,
-- so reads and writes go on.
ALTER TABLE events VALIDATE CONSTRAINT events_kind_check;
