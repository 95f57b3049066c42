package dev.chatservice.domain.memory;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/** A thread-safe {@link NumberAllocator} held in this process's memory. */
public final class InMemoryNumberAllocator implements NumberAllocator {

    private record Remembered(int number, String fingerprint, Instant acceptedAt) {}

    private record KeyScope(Object parent, IdempotencyKey key) {}

    private final Map<ApplicationToken, Integer> lastChat = new HashMap<>();
    private final Set<ApplicationToken> forgottenApplications = new HashSet<>();
    private final Map<ChatRef, Integer> lastMessage = new HashMap<>();
    // Insertion order is grant order, so expired keys are always at the head.
    private final Map<KeyScope, Remembered> keys = new LinkedHashMap<>();

    @Override
    public synchronized void registerApplication(ApplicationToken application) {
        if (!forgottenApplications.contains(application)) {
            lastChat.putIfAbsent(application, 0);
        }
    }

    @Override
    public synchronized Allocation<ChatNumber> allocateChat(ApplicationToken application,
                                                            Optional<IdempotencyKey> key, Instant now) {
        Integer last = lastChat.get(application);
        if (last == null) {
            return new Allocation.UnknownParent<>();
        }
        return allocate(application, key, "", now, ChatNumber::new, () -> {
            int number = last + 1;
            lastChat.put(application, number);
            lastMessage.put(new ChatRef(application, new ChatNumber(number)), 0);
            return number;
        });
    }

    @Override
    public synchronized Allocation<MessageNumber> allocateMessage(ChatRef chat, Optional<IdempotencyKey> key,
                                                                  String fingerprint, Instant now) {
        Integer last = lastMessage.get(chat);
        if (last == null) {
            return new Allocation.UnknownParent<>();
        }
        return allocate(chat, key, fingerprint, now, MessageNumber::new, () -> {
            lastMessage.put(chat, last + 1);
            return last + 1;
        });
    }

    private <N> Allocation<N> allocate(Object parent, Optional<IdempotencyKey> key, String fingerprint, Instant now,
                                      IntFunction<N> wrap, java.util.function.IntSupplier next) {
        if (key.isEmpty()) {
            return new Allocation.Granted<>(wrap.apply(next.getAsInt()), now, false);
        }
        expireKeys(now);
        KeyScope scope = new KeyScope(parent, key.get());
        Remembered seen = keys.get(scope);
        if (seen != null) {
            if (!seen.fingerprint().equals(fingerprint)) {
                return new Allocation.KeyConflict<>();
            }
            return new Allocation.Granted<>(wrap.apply(seen.number()), seen.acceptedAt(), true);
        }
        int number = next.getAsInt();
        keys.put(scope, new Remembered(number, fingerprint, now));
        return new Allocation.Granted<>(wrap.apply(number), now, false);
    }

    private void expireKeys(Instant now) {
        Instant oldest = now.minus(IDEMPOTENCY_WINDOW);
        for (Iterator<Remembered> it = keys.values().iterator(); it.hasNext(); ) {
            if (!it.next().acceptedAt().isBefore(oldest)) {
                return;
            }
            it.remove();
        }
    }

    @Override
    public synchronized boolean chatExists(ChatRef chat) {
        return lastMessage.containsKey(chat);
    }

    @Override
    public synchronized boolean messageGranted(MessageRef message) {
        Integer last = lastMessage.get(message.chat());
        return last != null && message.message().value() <= last;
    }

    @Override
    public synchronized void forgetApplication(ApplicationToken application) {
        forgottenApplications.add(application);
        lastChat.remove(application);
        lastMessage.keySet().removeIf(chat -> chat.application().equals(application));
        keys.keySet().removeIf(scope -> scope.parent().equals(application)
                || scope.parent() instanceof ChatRef chat && chat.application().equals(application));
    }

    @Override
    public synchronized void forgetChat(ChatRef chat) {
        // The application's counter is kept, so the chat's number is never granted again.
        lastMessage.remove(chat);
        keys.keySet().removeIf(scope -> scope.parent().equals(chat));
    }
}
