package dev.chatservice.domain.contract;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Values shared by the contract tests; every call makes a fresh token so tests never collide on a server. */
public final class Fixtures {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {}

    public static ApplicationToken token() {
        return ApplicationToken.generate(RANDOM);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public static Application application(String name) {
        Instant now = now();
        return new Application(token(), new ApplicationName(name), 0, now, now);
    }

    public static ChatRef chat(ApplicationToken token, int number) {
        return new ChatRef(token, new ChatNumber(number));
    }

    public static MessageRef message(ChatRef chat, int number) {
        return new MessageRef(chat, new MessageNumber(number));
    }
}
