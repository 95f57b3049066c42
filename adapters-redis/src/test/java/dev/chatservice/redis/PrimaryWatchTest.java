package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisException;

class PrimaryWatchTest {
    @Test
    void replicationId_infoReplication_readsMasterReplid() {
        String info = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"
                + "master_replid:c4eccece1a26a0c834ecdfed184ee8e229439b73\r\n"
                + "master_replid2:0000000000000000000000000000000000000000\r\n";
        assertEquals("c4eccece1a26a0c834ecdfed184ee8e229439b73", PrimaryWatch.replicationId(info));
    }

    @Test
    void replicationId_noReplid_throws() {
        assertThrows(JedisException.class, () -> PrimaryWatch.replicationId("# Replication\r\nrole:master\r\n"));
    }
}
