-- Runs unchanged on MySQL 8.4 and MariaDB 10.11: only collations both have, no row aliases.
-- Tokens are ascii_bin so they compare case-sensitively and list in the same order as Java strings.
-- Times are DATETIME(3) holding UTC; the adapter converts, so the session time zone never matters.

CREATE TABLE applications (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    token       CHAR(32)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name        VARCHAR(255) NOT NULL,
    chats_count BIGINT       NOT NULL DEFAULT 0,
    created_at  DATETIME(3)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    -- findApplication, rename, delete and every command's lookup by token; listApplications pages by token.
    UNIQUE KEY uk_applications_token (token)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A deleted chat stays as a tombstone (deleted = TRUE) so a late command cannot revive it.
CREATE TABLE chats (
    id             BIGINT      NOT NULL AUTO_INCREMENT,
    application_id BIGINT      NOT NULL,
    chat_number    INT         NOT NULL,
    messages_count BIGINT      NOT NULL DEFAULT 0,
    deleted        BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at     DATETIME(3) NOT NULL,
    updated_at     DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    -- findChat and apply's chat lookup by (application, number); listChats keyset pages; counting an
    -- application's live chats in reconcileCounters; the foreign key below.
    UNIQUE KEY uk_chats_application_number (application_id, chat_number),
    CONSTRAINT fk_chats_application FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A deleted message stays as a tombstone too; version grows with every change for the search index.
CREATE TABLE messages (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    chat_id        BIGINT        NOT NULL,
    message_number INT           NOT NULL,
    body           VARCHAR(4096) NOT NULL,
    version        BIGINT        NOT NULL DEFAULT 1,
    deleted        BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at     DATETIME(3)   NOT NULL,
    updated_at     DATETIME(3)   NOT NULL,
    -- The primary key also serves liveMessages, the reindexing scan in storage order.
    PRIMARY KEY (id),
    -- findMessage and apply's message lookup by (chat, number); listMessages keyset pages; counting a
    -- chat's live messages in reconcileCounters; the foreign key below.
    UNIQUE KEY uk_messages_chat_number (chat_id, message_number),
    CONSTRAINT fk_messages_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Ids of UpdateMessage commands already applied: an update is not idempotent by itself.
-- applied_at lets a later job forget ids older than any possible redelivery.
CREATE TABLE applied_updates (
    chat_id    BIGINT      NOT NULL,
    update_id  BINARY(16)  NOT NULL,
    applied_at DATETIME(3) NOT NULL,
    -- apply's "was this update already applied" lookup, per chat; the foreign key below.
    PRIMARY KEY (chat_id, update_id),
    CONSTRAINT fk_applied_updates_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
) ENGINE = InnoDB;

-- Search updates written in the same transaction as their change. No foreign keys: a removal must
-- outlive the application it removes.
CREATE TABLE search_outbox (
    id                BIGINT        NOT NULL AUTO_INCREMENT,
    kind              VARCHAR(20)   CHARACTER SET ascii NOT NULL,
    application_token CHAR(32)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    chat_number       INT           NULL,
    message_number    INT           NULL,
    body              VARCHAR(4096) NULL,
    version           BIGINT        NULL,
    -- pendingIndexing reads the oldest rows by id; completeIndexing deletes by id.
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Highest chat number the allocator may grant per application. Keyed by token and without foreign key,
-- like the allocator itself, so it never depends on whether the application row exists.
CREATE TABLE chat_number_ceilings (
    application_token CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ceiling           BIGINT   NOT NULL,
    -- reserveChatNumbers' upsert and read-back.
    PRIMARY KEY (application_token)
) ENGINE = InnoDB;

-- Highest message number the allocator may grant per chat; the chat need not be persisted yet.
CREATE TABLE message_number_ceilings (
    application_token CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    chat_number       INT      NOT NULL,
    ceiling           BIGINT   NOT NULL,
    -- reserveMessageNumbers' upsert and read-back.
    PRIMARY KEY (application_token, chat_number)
) ENGINE = InnoDB;
