package dev.chatservice.wiring;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.NumberAllocator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Optional;

/** A {@link NumberAllocator} that times each grant: the allocator's share of a create request's latency. */
public final class TimedNumberAllocator implements NumberAllocator {
    private final NumberAllocator delegate;
    private final Timer chats;
    private final Timer messages;

    public TimedNumberAllocator(NumberAllocator delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.chats = timer(registry, "chat");
        this.messages = timer(registry, "message");
    }

    private static Timer timer(MeterRegistry registry, String kind) {
        return Timer.builder("chat.allocator.latency").description("One number grant, parent check included")
                .tag("kind", kind).publishPercentileHistogram().register(registry);
    }

    @Override
    public void registerApplication(ApplicationToken application) {
        delegate.registerApplication(application);
    }

    @Override
    public Allocation<ChatNumber> allocateChat(ApplicationToken application, Optional<IdempotencyKey> key,
                                               Instant now) {
        return chats.record(() -> delegate.allocateChat(application, key, now));
    }

    @Override
    public Allocation<MessageNumber> allocateMessage(ChatRef chat, Optional<IdempotencyKey> key, String fingerprint,
                                                     Instant now) {
        return messages.record(() -> delegate.allocateMessage(chat, key, fingerprint, now));
    }

    @Override
    public boolean chatExists(ChatRef chat) {
        return delegate.chatExists(chat);
    }

    @Override
    public boolean messageGranted(MessageRef message) {
        return delegate.messageGranted(message);
    }

    @Override
    public void forgetApplication(ApplicationToken application) {
        delegate.forgetApplication(application);
    }

    @Override
    public void forgetChat(ChatRef chat) {
        delegate.forgetChat(chat);
    }
}
