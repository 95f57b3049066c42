package dev.chatservice.domain.memory;

import dev.chatservice.domain.contract.AbstractChatRepositoryTest;
import dev.chatservice.domain.port.ChatRepository;

/** Runs the repository contract against the in-memory repository. */
class InMemoryChatRepositoryTest extends AbstractChatRepositoryTest {
    @Override
    protected ChatRepository newRepository() {
        return new InMemoryChatRepository();
    }
}
