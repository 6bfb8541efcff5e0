-- Reverts 001_add_events_kind.sql.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events DROP COLUMN kind;
