-- Reverts 002_check_events_kind_not_null.sql.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events DROP CONSTRAINT events_kind_not_null;
