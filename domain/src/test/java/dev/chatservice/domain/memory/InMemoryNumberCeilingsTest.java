package dev.chatservice.domain.memory;

import dev.chatservice.domain.contract.AbstractNumberCeilingsTest;
import dev.chatservice.domain.port.NumberCeilings;

/** Runs the ceilings contract against the in-memory ceilings. */
class InMemoryNumberCeilingsTest extends AbstractNumberCeilingsTest {
    @Override
    protected NumberCeilings newCeilings() {
        return new InMemoryNumberCeilings();
    }
}
