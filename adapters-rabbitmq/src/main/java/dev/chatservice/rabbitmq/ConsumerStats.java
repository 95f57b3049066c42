package dev.chatservice.rabbitmq;

import java.util.concurrent.atomic.LongAdder;

/** Counts what the consumers of one queue instance saw, for metrics: dead letters and redeliveries. */
final class ConsumerStats {
    final LongAdder deadLettered = new LongAdder();
    final LongAdder redelivered = new LongAdder();
    final LongAdder retried = new LongAdder();
}
