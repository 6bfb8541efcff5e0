-- Expand: a nullable column without a default is a catalog change only.
-- The application starts writing it; old rows are backfilled outside migrations, in batches.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events ADD COLUMN kind text;
