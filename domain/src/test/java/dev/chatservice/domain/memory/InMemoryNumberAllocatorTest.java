package dev.chatservice.domain.memory;

import dev.chatservice.domain.contract.AbstractNumberAllocatorTest;
import dev.chatservice.domain.port.NumberAllocator;

/** Runs the allocator contract against the in-memory allocator. */
class InMemoryNumberAllocatorTest extends AbstractNumberAllocatorTest {
    @Override
    protected NumberAllocator newAllocator() {
        return new InMemoryNumberAllocator();
    }
}
