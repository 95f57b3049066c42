package dev.chatservice.mysql;

import dev.chatservice.domain.contract.AbstractChatHistoryTest;
import dev.chatservice.domain.contract.StoreContract.Ports;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the ChatHistory contract against the local MySQL or MariaDB. */
@ExtendWith(ContractApplicationsCleanup.class)
class JdbiChatHistoryTest extends AbstractChatHistoryTest {
    @Override
    protected Ports newStore() {
        return TestDatabase.store(TestDatabase.jdbi());
    }
}
