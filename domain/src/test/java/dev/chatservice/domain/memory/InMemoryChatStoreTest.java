package dev.chatservice.domain.memory;

import dev.chatservice.domain.contract.AbstractApplicationRegistryTest;
import dev.chatservice.domain.contract.AbstractChangeFeedTest;
import dev.chatservice.domain.contract.AbstractChatHistoryTest;
import dev.chatservice.domain.contract.AbstractChatLedgerTest;
import dev.chatservice.domain.contract.StoreContract.Ports;
import org.junit.jupiter.api.Nested;

/** Runs the contracts of the four ports it serves against the in-memory store. */
class InMemoryChatStoreTest {

    @Nested
    class AsApplicationRegistry extends AbstractApplicationRegistryTest {
        @Override
        protected Ports newStore() {
            return Ports.of(new InMemoryChatStore());
        }
    }

    @Nested
    class AsChatHistory extends AbstractChatHistoryTest {
        @Override
        protected Ports newStore() {
            return Ports.of(new InMemoryChatStore());
        }
    }

    @Nested
    class AsChangeFeed extends AbstractChangeFeedTest {
        @Override
        protected Ports newStore() {
            return Ports.of(new InMemoryChatStore());
        }
    }

    @Nested
    class AsChatLedger extends AbstractChatLedgerTest {
        @Override
        protected Ports newStore() {
            return Ports.of(new InMemoryChatStore());
        }
    }
}
