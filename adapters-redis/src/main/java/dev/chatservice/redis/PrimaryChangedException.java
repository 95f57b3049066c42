package dev.chatservice.redis;

import redis.clients.jedis.exceptions.JedisException;

/**
 * A command was about to run on a Redis primary other than the one its keys were chosen for: it was not sent.
 * The allocator chooses its keys again and retries.
 */
final class PrimaryChangedException extends JedisException {
    PrimaryChangedException(String expected, String actual) {
        super("the Redis primary changed (replication id " + actual + ", expected " + expected + ")");
    }
}
