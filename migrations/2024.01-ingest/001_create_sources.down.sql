-- Reverts 001_create_sources.sql.
DROP TABLE sources;
