-- Expand: owners replace the shared api_token of sources.
CREATE TABLE owners (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email  text NOT NULL UNIQUE
);

SET LOCAL lock_timeout = '2s';

ALTER TABLE sources ADD COLUMN owner_id bigint;
