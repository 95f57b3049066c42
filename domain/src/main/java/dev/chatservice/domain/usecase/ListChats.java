package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;

/** Lists the persisted chats of an application by number. */
public final class ListChats {
    private final ApplicationRegistry applications;
    private final ChatHistory history;

    public ListChats(ApplicationRegistry applications, ChatHistory history) {
        this.applications = applications;
        this.history = history;
    }

    public Page<Chat> list(ApplicationToken application, PageRequest page) {
        if (applications.findApplication(application).isEmpty()) {
            throw NotFoundException.application();
        }
        return history.listChats(application, page);
    }
}
