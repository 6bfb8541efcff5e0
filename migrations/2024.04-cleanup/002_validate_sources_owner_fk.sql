ALTER TABLE sources VALIDATE CONSTRAINT sources_owner_id_fkey;
