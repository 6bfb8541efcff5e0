-- Sources push events into the ingestion pipeline, authenticated by a shared token.
CREATE TABLE sources (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  api_token   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
