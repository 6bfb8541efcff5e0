-- Reverts 002_create_events.sql (its index goes with the table).
DROP TABLE events;
