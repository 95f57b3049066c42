package dev.chatservice.domain.memory;

import dev.chatservice.domain.contract.AbstractMessageSearchTest;
import dev.chatservice.domain.port.MessageSearch;

/** Runs the search contract against the in-memory search. */
class InMemoryMessageSearchTest extends AbstractMessageSearchTest {
    @Override
    protected MessageSearch newSearch() {
        return new InMemoryMessageSearch();
    }
}
