package dev.chatservice.mysql;

import dev.chatservice.domain.contract.AbstractNumberCeilingsTest;
import dev.chatservice.domain.port.NumberCeilings;

/** Runs the NumberCeilings contract against the local MySQL or MariaDB. */
class JdbiNumberCeilingsTest extends AbstractNumberCeilingsTest {
    @Override
    protected NumberCeilings newCeilings() {
        return new JdbiNumberCeilings(TestDatabase.jdbi());
    }
}
