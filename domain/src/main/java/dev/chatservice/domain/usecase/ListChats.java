package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ChatRepository;

/** Lists the persisted chats of an application by number. */
public final class ListChats {
    private final ChatRepository repository;

    public ListChats(ChatRepository repository) {
        this.repository = repository;
    }

    public Page<Chat> list(ApplicationToken application, PageRequest page) {
        if (repository.findApplication(application).isEmpty()) {
            throw NotFoundException.application();
        }
        return repository.listChats(application, page);
    }
}
