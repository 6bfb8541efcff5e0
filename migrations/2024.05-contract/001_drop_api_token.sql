-- Contract: 2024.04, which stopped using api_token, is deployed everywhere.
SET LOCAL lock_timeout = '2s';

ALTER TABLE sources DROP COLUMN api_token;
