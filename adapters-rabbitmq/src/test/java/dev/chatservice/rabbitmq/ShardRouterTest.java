package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.contract.Fixtures;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The chat-to-shard mapping: stable forever, and spread over every shard. */
class ShardRouterTest {
    private static final List<Integer> PINNED = List.of(3, 0, 6, 5, 3, 2, 0, 7);

    private final ShardRouter router = new ShardRouter(8);

    @Test
    void shardOf_equalChats_returnsSameShard() {
        ApplicationToken token = Fixtures.token();
        assertEquals(router.shardOf(Fixtures.chat(token, 5)),
                router.shardOf(new ChatRef(new ApplicationToken(token.value()), new ChatNumber(5))));
    }

    /** Pinned values: if this fails, the hash changed, and live queues would split a chat over two shards. */
    @Test
    void shardOf_knownChats_returnsPinnedShards() {
        ApplicationToken token = new ApplicationToken("abcdefghijklmnopqrstuvwxyz012345");
        List<Integer> shards = IntStream.rangeClosed(1, 8).map(n -> router.shardOf(Fixtures.chat(token, n))).boxed()
                .toList();
        assertEquals(PINNED, shards);
    }

    @Test
    void shardOf_manyChats_usesEveryShard() {
        Set<Integer> used = new HashSet<>();
        for (int n = 1; n <= 200; n++) {
            used.add(router.shardOf(Fixtures.chat(Fixtures.token(), n)));
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), used);
    }
}
