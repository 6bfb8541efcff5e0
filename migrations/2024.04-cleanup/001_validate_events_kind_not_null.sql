ALTER TABLE events VALIDATE CONSTRAINT events_kind_not_null;
