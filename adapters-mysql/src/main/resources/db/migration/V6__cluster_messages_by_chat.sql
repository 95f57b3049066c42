-- Runs unchanged on MySQL 8.4 and MariaDB 10.11. Rebuilds the messages table: it takes as long as a copy of it.
-- Messages become clustered on (chat_id, message_number), so a page of a chat's history is one range of the
-- clustered index in either direction, rows and bodies together, instead of a secondary-index range with a
-- primary-key lookup per row. id stays AUTO_INCREMENT under a unique key of its own: the reindex scan walks
-- it, and apply updates rows by it. Three statements, each leaving a valid table: the auto-increment column
-- keeps a key throughout, and the chat foreign key always has an index that starts with chat_id.
ALTER TABLE messages ADD UNIQUE KEY uk_messages_id (id);

ALTER TABLE messages DROP PRIMARY KEY, ADD PRIMARY KEY (chat_id, message_number);

ALTER TABLE messages DROP KEY uk_messages_chat_number;
