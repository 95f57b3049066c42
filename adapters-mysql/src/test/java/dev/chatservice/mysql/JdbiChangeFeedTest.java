package dev.chatservice.mysql;

import dev.chatservice.domain.contract.AbstractChangeFeedTest;
import dev.chatservice.domain.contract.StoreContract.Ports;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the ChangeFeed contract against the local MySQL or MariaDB. */
@ExtendWith(ContractApplicationsCleanup.class)
class JdbiChangeFeedTest extends AbstractChangeFeedTest {
    @Override
    protected Ports newStore() {
        return TestDatabase.store(TestDatabase.jdbi());
    }
}
