-- Runs unchanged on MySQL 8.4 and MariaDB 10.11: window functions in a derived table, plain joins, no row aliases.
-- Every change of a chat (a message created, updated or deleted; the chat deleted) takes the chat's next seq in
-- the transaction that applies it. chats.last_seq is the chat's latest one (its deletion, once deleted), and each
-- message row keeps the seq of its own latest change, tombstones included: the compacted change feed is then an
-- index range of messages, complete for any starting point, with no separate log to expire.
-- The defaults keep a node that predates this migration writing valid rows during a rolling upgrade.
ALTER TABLE chats ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;

ALTER TABLE messages
    ADD COLUMN seq BIGINT NOT NULL DEFAULT 0,
    -- The change feed: a chat's changes after a seq, in seq order.
    ADD KEY ix_messages_chat_seq (chat_id, seq);

-- Existing messages get seqs per chat in message order, as if each was created once in that order; a deleted
-- chat's deletion comes after all of them.
UPDATE messages m
JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY message_number) AS backfilled
      FROM messages) n ON n.id = m.id
SET m.seq = n.backfilled;

UPDATE chats c
JOIN (SELECT chat_id, MAX(seq) AS latest FROM messages GROUP BY chat_id) s ON s.chat_id = c.id
SET c.last_seq = s.latest;

UPDATE chats SET last_seq = last_seq + 1 WHERE deleted = TRUE;
