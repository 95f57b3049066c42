package dev.chatservice.http;

import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.port.ChangeFeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A change feed the test writes by hand: each append takes the chat's next seq, as the ledger would. */
final class FakeChangeFeed implements ChangeFeed {
    private final Map<ChatRef, List<ChatChange>> changes = new HashMap<>();

    synchronized long created(ChatRef chat, int number, String body) {
        return append(chat, ChatChange.Kind.MESSAGE_CREATED, number, body);
    }

    synchronized long updated(ChatRef chat, int number, String body) {
        return append(chat, ChatChange.Kind.MESSAGE_UPDATED, number, body);
    }

    synchronized long deleted(ChatRef chat, int number) {
        return append(chat, ChatChange.Kind.MESSAGE_DELETED, number, null);
    }

    synchronized long chatDeleted(ChatRef chat) {
        return append(chat, ChatChange.Kind.CHAT_DELETED, 0, null);
    }

    /** Drops the entries of the given seqs, as compaction does when a later change supersedes them. */
    synchronized void compact(ChatRef chat, long... seqs) {
        for (long seq : seqs) {
            changes.get(chat).removeIf(c -> c.seq() == seq);
        }
    }

    private long append(ChatRef chat, ChatChange.Kind kind, int number, String body) {
        long seq = latestSeq(chat) + 1;
        Instant now = Instant.now();
        Optional<MessageNumber> messageNumber = kind == ChatChange.Kind.CHAT_DELETED ? Optional.empty()
                : Optional.of(new MessageNumber(number));
        Optional<Message> message = body == null ? Optional.empty() : Optional.of(new Message(chat.chat(),
                new MessageNumber(number), new MessageBody(body), now, now));
        changes.computeIfAbsent(chat, c -> new ArrayList<>()).add(new ChatChange(seq, kind, chat.chat(),
                messageNumber, message, now));
        latest.merge(chat, seq, Math::max);
        return seq;
    }

    private final Map<ChatRef, Long> latest = new HashMap<>();

    @Override
    public synchronized List<ChatChange> changesSince(ChatRef chat, long since, int limit) {
        return changes.getOrDefault(chat, List.of()).stream().filter(c -> c.seq() > since).limit(limit).toList();
    }

    @Override
    public synchronized long latestSeq(ChatRef chat) {
        return latest.getOrDefault(chat, 0L);
    }
}
