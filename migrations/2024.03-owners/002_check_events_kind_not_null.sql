-- The backfill has filled kind for every old event: prove it NOT NULL without a long lock.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events
  ADD CONSTRAINT events_kind_not_null CHECK (kind IS NOT NULL) NOT VALID;
