package dev.chatservice.mysql;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rows one batch apply touches, as {@link BatchRead} found them under its locks, and what
 * {@link BatchReplay} changed in them for {@link BatchWrite} to store.
 */
final class BatchRows {
    /** Ids of the batch's applications that exist, by token. */
    final Map<ApplicationToken, Long> applications = new HashMap<>();
    /** The batch's locked chats. */
    final Map<ChatRef, ChatState> chats = new LinkedHashMap<>();
    /** Changes to chats_count by application id. */
    final Map<Long, Long> chatsCountDeltas = new TreeMap<>();
    /** The search updates the batch causes, in order. */
    final List<SearchOutbox.Entry> outbox = new ArrayList<>();
    /** The chats this batch inserted, in order. */
    final List<ChatRef> createdChats = new ArrayList<>();
    /** Update ids this batch applies for the first time. */
    final List<AppliedUpdate> newlyApplied = new ArrayList<>();

    record AppliedUpdate(long chatId, UUID id, Instant at) {}

    static final class ChatState {
        final long id;
        final ChatRef ref;
        boolean deleted;
        boolean deletedNow;
        Instant updatedAt;
        long messagesCountDelta;
        /** The chat's latest seq as read under its lock, and as this batch leaves it. */
        final long lastSeqRead;
        long lastSeq;
        final Map<Integer, MessageState> messages = new HashMap<>();
        final Set<UUID> appliedUpdates = new HashSet<>();

        ChatState(long id, ChatRef ref, boolean deleted, Instant updatedAt, long lastSeq) {
            this.id = id;
            this.ref = ref;
            this.deleted = deleted;
            this.updatedAt = updatedAt;
            this.lastSeqRead = lastSeq;
            this.lastSeq = lastSeq;
        }

        /** Gives a message its next seq: the chat's lock makes the order of seqs the order of commits. */
        void changed(MessageState message) {
            message.seq = ++lastSeq;
            message.changed = true;
        }
    }

    static final class MessageState {
        final Long id; // null until inserted by this batch
        final String sender;
        String body;
        long version;
        boolean deleted;
        final Instant createdAt;
        Instant updatedAt;
        boolean changed;
        long seq;

        MessageState(Long id, String sender, String body, long version, boolean deleted, Instant createdAt,
                     Instant updatedAt) {
            this.id = id;
            this.sender = sender;
            this.body = body;
            this.version = version;
            this.deleted = deleted;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }
    }
}
