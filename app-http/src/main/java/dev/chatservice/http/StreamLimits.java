package dev.chatservice.http;

import java.time.Duration;

/**
 * How a node runs its live streams.
 *
 * @param maxStreams     concurrent streams this node serves; past it a new one is answered 503
 * @param heartbeatEvery how often every stream gets a comment line and every followed chat is checked against
 *                       its feed's latest seq, which fills the gap a lost signal leaves; at most 15 s
 * @param recheckEvery   how often a node asks whether followed chats and applications still exist, so that a
 *                       deletion ends their streams
 * @param retryMillis    the reconnection delay a stream ended by a stopping node suggests to its client
 */
record StreamLimits(int maxStreams, Duration heartbeatEvery, Duration recheckEvery, long retryMillis) {
    static final int DEFAULT_MAX_STREAMS = 2_000;

    StreamLimits {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1, got " + maxStreams);
        }
        if (heartbeatEvery.isNegative() || heartbeatEvery.isZero() || heartbeatEvery.compareTo(Duration.ofSeconds(15)) > 0) {
            throw new IllegalArgumentException("heartbeatEvery must be positive and at most 15 s, got " + heartbeatEvery);
        }
        if (recheckEvery.isNegative() || recheckEvery.isZero()) {
            throw new IllegalArgumentException("recheckEvery must be positive, got " + recheckEvery);
        }
        if (retryMillis < 0) {
            throw new IllegalArgumentException("retryMillis must not be negative, got " + retryMillis);
        }
    }

    static StreamLimits defaults(int maxStreams) {
        return new StreamLimits(maxStreams, Duration.ofSeconds(10), Duration.ofSeconds(3), 1_000);
    }
}
