-- Reverts 003_add_owners.sql.
SET LOCAL lock_timeout = '2s';

ALTER TABLE sources DROP COLUMN owner_id;
DROP TABLE owners;
