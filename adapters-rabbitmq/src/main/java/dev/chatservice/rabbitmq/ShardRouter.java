package dev.chatservice.rabbitmq;

import dev.chatservice.domain.model.ChatRef;
import java.nio.charset.StandardCharsets;

/**
 * Maps a chat to its shard queue with a hash fixed here rather than borrowed from {@code hashCode}, so it never
 * differs between processes, JVMs or versions: 64-bit FNV-1a over the token's UTF-8 bytes and the chat number,
 * finished with the MurmurHash3 mixer so that every bit of the result depends on every input byte.
 * Changing this function, or the shard count, sends a chat to another queue: drain the queues first.
 */
public final class ShardRouter {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int shards;

    public ShardRouter(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        this.shards = shards;
    }

    public int shardOf(ChatRef chat) {
        long hash = FNV_OFFSET;
        for (byte b : chat.application().value().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        int number = chat.chat().value();
        for (int shift = 24; shift >= 0; shift -= 8) {
            hash = (hash ^ ((number >>> shift) & 0xFF)) * FNV_PRIME;
        }
        return (int) Long.remainderUnsigned(mix(hash), shards);
    }

    public int shards() {
        return shards;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
