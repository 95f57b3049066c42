-- Runs unchanged on MySQL 8.4 and MariaDB 10.11 (a multi-table UPDATE with a plain join).
-- A tombstone keeps only what ordering and idempotency need: the body of a message deleted before this
-- migration, or of any message of a deleted chat, is erased, as the batch write now does for new deletes.
UPDATE messages SET body = '' WHERE deleted = TRUE AND body <> '';

UPDATE messages m JOIN chats c ON c.id = m.chat_id SET m.body = '' WHERE c.deleted = TRUE AND m.body <> '';
