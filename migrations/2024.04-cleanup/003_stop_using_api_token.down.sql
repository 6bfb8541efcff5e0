-- Reverts 003_stop_using_api_token.sql: kind becomes nullable again, under the
-- NOT VALID check the up migration dropped (NOT VALID: no scan under the lock).
SET LOCAL lock_timeout = '2s';

ALTER TABLE events ADD CONSTRAINT events_kind_not_null CHECK (kind IS NOT NULL) NOT VALID;
ALTER TABLE events ALTER COLUMN kind DROP NOT NULL;
