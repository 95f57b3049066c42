package dev.chatservice.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How the HA suite picks the RabbitMQ node to kill from rabbitmqctl's listing. */
class HaClusterTest {
    @Test
    void mostLeading_quorumQueuesSpreadUnevenly_isTheNodeLeadingMost() {
        String listing = """
                chat.commands.0\tquorum\trabbit-ha2@localhost
                chat.commands.1\tquorum\trabbit-ha3@localhost
                chat.commands.2\tquorum\trabbit-ha2@localhost
                chat.commands.dlq\tclassic\t
                chat.commands.3\tquorum\trabbit-ha1@localhost
                """;
        assertEquals(OptionalInt.of(2), HaCluster.mostLeading(listing));
    }

    @Test
    void mostLeading_deadLetterQueuesLedElsewhere_countsOnlyShards() {
        String listing = """
                chat.commands.0 quorum rabbit-ha3@localhost
                chat.commands.dlq quorum rabbit-ha1@localhost
                chat.commands.dlq.migrating quorum rabbit-ha1@localhost
                """;
        assertEquals(OptionalInt.of(3), HaCluster.mostLeading(listing));
    }

    @Test
    void mostLeading_tie_isTheLowerNode() {
        assertEquals(OptionalInt.of(1), HaCluster.mostLeading("a quorum rabbit-ha3@localhost\nb quorum rabbit-ha1@localhost\n"));
    }

    @Test
    void mostLeading_onlyClassicQueuesOrNoLeader_isEmpty() {
        assertTrue(HaCluster.mostLeading("chat.commands.dlq classic\nq quorum \n\n").isEmpty());
    }
}
