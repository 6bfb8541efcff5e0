-- Expand: a nullable column without a default is a catalog change only.
-- This release's code writes kind for new events; existing rows are filled
-- by a batched backfill job outside the migrations, once this release is out.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events ADD COLUMN kind text;
