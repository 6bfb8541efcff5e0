-- pgshift:no-transaction
-- Reverts 004_index_sources_owner.sql without blocking writes on sources.
SET lock_timeout = '2s';

DROP INDEX CONCURRENTLY sources_owner_id_idx;
