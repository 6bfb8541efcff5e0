-- Reverts 005_sources_owner_fk.sql.
SET LOCAL lock_timeout = '2s';

ALTER TABLE sources DROP CONSTRAINT sources_owner_id_fkey;
