-- Runs unchanged on MySQL 8.4 and MariaDB 10.11.
-- Who wrote a message, as the client application names its user: optional, so messages written before this
-- migration (and by nodes that predate it, during a rolling upgrade) have none. The search outbox carries it
-- to the index with the rest of the message.
ALTER TABLE messages ADD COLUMN sender VARCHAR(255) NULL;

ALTER TABLE search_outbox ADD COLUMN sender VARCHAR(255) NULL;
