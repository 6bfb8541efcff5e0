SET LOCAL lock_timeout = '2s';

ALTER TABLE sources
  ADD CONSTRAINT sources_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID;
