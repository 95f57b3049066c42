package dev.chatservice.mysql;

import dev.chatservice.domain.contract.AbstractApplicationRegistryTest;
import dev.chatservice.domain.contract.StoreContract.Ports;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the ApplicationRegistry contract against the local MySQL or MariaDB. */
@ExtendWith(ContractApplicationsCleanup.class)
class JdbiApplicationRegistryTest extends AbstractApplicationRegistryTest {
    @Override
    protected Ports newStore() {
        return TestDatabase.store(TestDatabase.jdbi());
    }
}
