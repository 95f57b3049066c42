package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ApplicationRegistry;

/**
 * Names the first missing link of application, chat and message once a lookup has failed, so that an unknown
 * token is an unknown application on every route. It reads the registry only on that error path.
 */
final class MissingLink {
    private MissingLink() {}

    static NotFoundException chat(ApplicationRegistry applications, ChatRef chat) {
        return applications.findApplication(chat.application()).isEmpty()
                ? NotFoundException.application()
                : NotFoundException.chat(chat.chat().value());
    }

    static NotFoundException message(ApplicationRegistry applications, boolean chatExists, MessageRef message) {
        return chatExists
                ? NotFoundException.message(message.chat().chat().value(), message.message().value())
                : chat(applications, message.chat());
    }
}
