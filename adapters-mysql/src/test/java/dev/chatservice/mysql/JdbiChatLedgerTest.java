package dev.chatservice.mysql;

import dev.chatservice.domain.contract.AbstractChatLedgerTest;
import dev.chatservice.domain.contract.StoreContract.Ports;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the ChatLedger contract against the local MySQL or MariaDB. */
@ExtendWith(ContractApplicationsCleanup.class)
class JdbiChatLedgerTest extends AbstractChatLedgerTest {
    @Override
    protected Ports newStore() {
        return TestDatabase.store(TestDatabase.jdbi());
    }
}
