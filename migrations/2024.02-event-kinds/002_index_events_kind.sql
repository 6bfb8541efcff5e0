-- pgshift:no-transaction
-- events is live: build the index without blocking writes.
SET lock_timeout = '2s';

CREATE INDEX CONCURRENTLY events_kind_idx ON events (kind);
