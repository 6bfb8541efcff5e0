-- pgshift:no-transaction
-- Reverts 002_index_events_kind.sql without blocking writes on events.
SET lock_timeout = '2s';

DROP INDEX CONCURRENTLY events_kind_idx;
