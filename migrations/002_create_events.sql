-- A new table is empty and unused, so it gets its indexes and constraints in the
-- same migration, without CONCURRENTLY or NOT VALID. Its foreign key still takes a
-- brief lock on the live sources table, so the wait for it is bounded.
SET LOCAL lock_timeout = '2s';

CREATE TABLE events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id    bigint NOT NULL REFERENCES sources (id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  payload      jsonb NOT NULL
);

CREATE INDEX events_source_id_received_at_idx ON events (source_id, received_at);
