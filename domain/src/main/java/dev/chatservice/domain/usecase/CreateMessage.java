package dev.chatservice.domain.usecase;

import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.NumberAllocator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/** Accepts a new message: grants its number and queues its creation, without touching storage. */
public final class CreateMessage {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;
    private final CommandQueue queue;
    private final Clock clock;

    public CreateMessage(ApplicationRegistry applications, NumberAllocator allocator, CommandQueue queue, Clock clock) {
        this.applications = applications;
        this.allocator = allocator;
        this.queue = queue;
        this.clock = clock;
    }

    public Allocation.Granted<MessageNumber> create(ChatRef chat, MessageBody body, Optional<IdempotencyKey> key) {
        return create(chat, Optional.empty(), body, key);
    }

    public Allocation.Granted<MessageNumber> create(ChatRef chat, Optional<Sender> sender, MessageBody body,
                                                    Optional<IdempotencyKey> key) {
        Allocation.Granted<MessageNumber> granted = Granting.orThrow(
                allocator.allocateMessage(chat, key, fingerprint(sender, body), clock.instant()),
                () -> MissingLink.chat(applications, chat));
        // A replay is published again: see CreateChat.
        queue.publish(new CreateMessageCommand(
                new MessageRef(chat, granted.number()), sender, body, granted.acceptedAt()));
        return granted;
    }

    /**
     * What an Idempotency-Key is bound to: the body, and the sender if there is one (after a NUL, which
     * neither may contain). Without a sender it is the body's alone, as before senders existed.
     */
    static String fingerprint(Optional<Sender> sender, MessageBody body) {
        String content = body.value() + sender.map(s -> "\0" + s.value()).orElse("");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
