-- Reverts 001_drop_api_token.sql: the column comes back empty; its values are gone.
SET LOCAL lock_timeout = '2s';

ALTER TABLE sources ADD COLUMN api_token text;
