-- This release's code authenticates sources through their owner and no longer
-- reads or writes sources.api_token. Say so; the column goes next release.
-- pgshift:deprecate sources.api_token
SET LOCAL lock_timeout = '2s';

-- With the validated CHECK, SET NOT NULL skips the scan (PostgreSQL 12+).
ALTER TABLE events ALTER COLUMN kind SET NOT NULL;
ALTER TABLE events DROP CONSTRAINT events_kind_not_null;
