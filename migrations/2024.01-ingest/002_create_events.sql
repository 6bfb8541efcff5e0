-- Created in the same release as sources: neither has shipped yet, so the
-- foreign key and the index need no NOT VALID and no CONCURRENTLY.
CREATE TABLE events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id    bigint NOT NULL REFERENCES sources (id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  payload      jsonb NOT NULL
);

CREATE INDEX events_source_id_received_at_idx ON events (source_id, received_at);
