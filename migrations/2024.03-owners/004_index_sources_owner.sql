-- pgshift:no-transaction
-- Index the referencing column before the foreign key, so deletes on owners stay fast.
SET lock_timeout = '2s';

CREATE INDEX CONCURRENTLY sources_owner_id_idx ON sources (owner_id);
