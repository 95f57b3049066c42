package dev.chatservice.systemtests.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The scenarios of the HA fault suite (scripts/faults --ha), one per tier of scripts/ha-cluster's clusters,
 * each under the same load and followed by the same four checks as the single-server suite. Each heals by
 * restoring the cluster: the killed node is started again and rejoins before the next scenario.
 */
final class HaScenarios {
    private final HaCluster cluster;
    private final String vhost;
    private final Duration nodeDown;
    private final Duration partition;
    private final Consumer<String> say;
    private volatile long promotionMillis = -1;

    /**
     * @param nodeDown  how long a killed node stays down, under load, before the cluster is restored
     * @param partition how long a partition lasts: longer than Erlang's net tick (scripts/ha-cluster's 15 s),
     *                  or the cluster never notices it
     */
    HaScenarios(HaCluster cluster, String vhost, Duration nodeDown, Duration partition, Consumer<String> say) {
        this.cluster = cluster;
        this.vhost = vhost;
        this.nodeDown = nodeDown;
        this.partition = partition;
        this.say = say;
    }

    List<FaultSuite.Scenario> all() {
        return List.of(
                new FaultSuite.Scenario("H1 RabbitMQ leader kill -9", "< 1 s", new FaultSuite.Fault() {
                    public void inject() {
                        int node = leader();
                        say.accept("  kill -9 rabbit-ha" + node + ", which leads most shard queues");
                        require(cluster.killRabbit(node), "kill -9 rabbit-ha" + node);
                        Shell.sleep(nodeDown.toMillis());
                    }

                    public void heal() {
                        require(cluster.restore(), "restart the killed RabbitMQ node");
                    }
                }),
                new FaultSuite.Scenario("H2 Redis primary kill -9", "<= failover", new FaultSuite.Fault() {
                    public void inject() {
                        say.accept("  kill -9 the Redis primary (port " + cluster.redisPrimary().stream()
                                .mapToObj(Integer::toString).findFirst().orElse("unknown") + ")");
                        promotionMillis = cluster.killRedisPrimaryAndAwaitPromotion(Duration.ofSeconds(30));
                        require(promotionMillis >= 0, "see the Sentinels promote the replica within 30 s");
                        say.accept("  Sentinel promoted the replica after " + promotionMillis + " ms");
                        Shell.sleep(nodeDown.toMillis());
                    }

                    public void heal() {
                        require(cluster.restore(), "bring the old primary back as a replica");
                    }
                }),
                new FaultSuite.Scenario("H3 Elasticsearch node kill -9", "< 1 s", new FaultSuite.Fault() {
                    public void inject() {
                        int node = cluster.elasticsearchMaster().orElse(HaCluster.NODES);
                        say.accept("  kill -9 es-ha" + node + ", the elected master");
                        require(cluster.killElasticsearch(node), "kill -9 es-ha" + node);
                        Shell.sleep(nodeDown.toMillis());
                    }

                    public void heal() {
                        require(cluster.restore(), "restart the killed Elasticsearch node");
                    }
                }),
                new FaultSuite.Scenario("H4 RabbitMQ partition " + partition.toSeconds() + " s", "none (net tick)",
                        new FaultSuite.Fault() {
                            public void inject() {
                                int node = leader();
                                say.accept("  partition rabbit-ha" + node + " from its peers");
                                require(cluster.partitionRabbit(node), "partition rabbit-ha" + node);
                                Shell.sleep(partition.toMillis());
                            }

                            public void heal() {
                                require(cluster.heal(), "heal the partition");
                                require(cluster.restore(), "see 3 running RabbitMQ nodes again");
                            }
                        }));
    }

    /** Whether a scenario's 503 window met its target; "-" when it has none. */
    String verdict(FaultSuite.Scenario scenario, double windowSeconds) {
        return switch (scenario.target()) {
            case "< 1 s" -> windowSeconds < 1 ? "met" : "MISSED";
            case "<= failover" -> promotionMillis < 0 ? "?" : windowSeconds * 1000 <= promotionMillis ? "met"
                    : String.format(Locale.ROOT, "MISSED (failover %d ms)", promotionMillis);
            default -> "-";
        };
    }

    private int leader() {
        OptionalInt node = cluster.rabbitLeaderOfMostQueues(vhost);
        if (node.isEmpty()) {
            say.accept("  no quorum queue of " + vhost + " has a leader; taking rabbit-ha1");
        }
        return node.orElse(1);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("could not " + what);
        }
    }
}
