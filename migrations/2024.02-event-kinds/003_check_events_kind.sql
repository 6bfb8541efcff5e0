-- NOT VALID: new and updated rows are checked at once; existing rows are not scanned here.
SET LOCAL lock_timeout = '2s';

ALTER TABLE events
  ADD CONSTRAINT events_kind_check CHECK (kind IN ('click', 'view', 'purchase')) NOT VALID;
