-- Reverts 003_check_events_kind.sql.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events DROP CONSTRAINT events_kind_check;
