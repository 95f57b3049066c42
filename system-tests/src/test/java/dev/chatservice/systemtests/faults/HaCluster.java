package dev.chatservice.systemtests.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The local clusters of scripts/ha-cluster, as the HA fault suite breaks and repairs them: kill -9 of one
 * RabbitMQ node, of the Redis primary or of one Elasticsearch node, and a partition of one RabbitMQ node.
 * Processes are found by the port they listen on, so a kill needs no pid file and never hits another server.
 */
final class HaCluster {
    static final int NODES = 3;
    private static final Duration START = Duration.ofSeconds(300);

    private final Shell shell;
    private final String script;

    HaCluster(Shell shell, String root) {
        this.shell = shell;
        this.script = root + "/scripts/ha-cluster";
    }

    static int rabbitPort(int node) {
        return 5680 + node;
    }

    static int rabbitDistributionPort(int node) {
        return 25680 + node;
    }

    static int elasticsearchPort(int node) {
        return 9210 + node;
    }

    /** The command prefix of rabbitmqctl against the cluster, for listings such as the drain's. */
    List<String> rabbitmqctl() {
        return List.of("bash", script, "rabbitmqctl");
    }

    /** Starts whatever is down and waits until each tier is whole again (a killed node rejoins). */
    boolean restore() {
        return shell.run(START, "bash", script, "start") == 0;
    }

    /** The node (1-3) that leads most quorum queues of a virtual host, if any queue has a leader. */
    OptionalInt rabbitLeaderOfMostQueues(String vhost) {
        String listing = Shell.output(Duration.ofSeconds(30), List.of("bash", script, "rabbitmqctl", "-q",
                "list_queues", "-p", vhost, "--no-table-headers", "name", "type", "leader"));
        return listing == null ? OptionalInt.empty() : mostLeading(listing);
    }

    /**
     * From {@code rabbitmqctl list_queues name type leader} (tab- or space-separated, one queue a line), the
     * node that leads most quorum queues; ties go to the lower node. Classic queues have no leader column, and
     * dead-letter queues (".dlq" in the name) are not shards: neither counts.
     */
    static OptionalInt mostLeading(String listing) {
        Map<Integer, Integer> led = new TreeMap<>();
        for (String line : listing.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3 && fields[1].equals("quorum") && fields[2].matches("rabbit-ha[1-9]@.*")
                    && !fields[0].contains(".dlq")) {
                led.merge(fields[2].charAt("rabbit-ha".length()) - '0', 1, Integer::sum);
            }
        }
        return led.entrySet().stream().max((a, b) -> a.getValue().equals(b.getValue())
                        ? Integer.compare(b.getKey(), a.getKey()) : Integer.compare(a.getValue(), b.getValue()))
                .map(e -> OptionalInt.of(e.getKey())).orElse(OptionalInt.empty());
    }

    boolean killRabbit(int node) {
        return killListener(rabbitDistributionPort(node));
    }

    boolean killElasticsearch(int node) {
        return killListener(elasticsearchPort(node));
    }

    /** The Elasticsearch node (1-3) the cluster elected master, as the first node that answers says. */
    OptionalInt elasticsearchMaster() {
        for (int node = 1; node <= NODES; node++) {
            String out = Shell.output(Duration.ofSeconds(10), List.of("curl", "-fsS", "-m", "5",
                    "http://127.0.0.1:" + elasticsearchPort(node) + "/_cat/master?h=node"));
            if (out != null && out.trim().matches("es-ha[1-9]")) {
                return OptionalInt.of(out.trim().charAt("es-ha".length()) - '0');
            }
        }
        return OptionalInt.empty();
    }

    /** The Redis primary's port, as the Sentinels name it. */
    OptionalInt redisPrimary() {
        String out = Shell.output(Duration.ofSeconds(10), List.of("bash", script, "redis-master"));
        if (out == null || !out.trim().matches("[0-9.]+:\\d+")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(out.trim().substring(out.trim().lastIndexOf(':') + 1)));
    }

    /**
     * kill -9 of the Redis primary, then waits until the Sentinels name another one that says it is primary.
     * Returns the milliseconds from the kill to that promotion, or -1 if there was none within timeout.
     */
    long killRedisPrimaryAndAwaitPromotion(Duration timeout) {
        OptionalInt primary = redisPrimary();
        long killed = System.nanoTime();
        if (primary.isEmpty() || !killListener(primary.getAsInt())) {
            return -1;
        }
        boolean promoted = Shell.await(timeout, () -> {
            OptionalInt now = redisPrimary();
            return now.isPresent() && now.getAsInt() != primary.getAsInt() && role(now.getAsInt()).equals("master");
        });
        return promoted ? (System.nanoTime() - killed) / 1_000_000 : -1;
    }

    /** Empties one database on the current primary (the replica follows). */
    boolean flushRedis(int db) {
        OptionalInt primary = redisPrimary();
        return primary.isPresent() && shell.run(Duration.ofSeconds(20), "redis-cli", "-p",
                Integer.toString(primary.getAsInt()), "-n", Integer.toString(db), "FLUSHDB") == 0;
    }

    private static String role(int port) {
        String out = Shell.output(Duration.ofSeconds(5), List.of("redis-cli", "-p", Integer.toString(port), "ROLE"));
        return out == null ? "" : out.lines().findFirst().orElse("").trim();
    }

    /** Cuts one RabbitMQ node's distribution traffic off from its peers; {@link #heal} undoes it. */
    boolean partitionRabbit(int node) {
        return shell.run(Duration.ofSeconds(20), "bash", script, "partition", Integer.toString(node)) == 0;
    }

    boolean heal() {
        return shell.run(Duration.ofSeconds(20), "bash", script, "heal") == 0;
    }

    /** How many nodes the first reachable node counts as running (0 if none answers). */
    int rabbitRunning() {
        String out = Shell.output(Duration.ofSeconds(20), List.of("bash", script, "rabbitmqctl", "-q", "eval",
                "length(rabbit_nodes:all_running())."));
        return out == null || !out.trim().matches("\\d+") ? 0 : Integer.parseInt(out.trim());
    }

    private static boolean killListener(int port) {
        OptionalLong pid = Stack.listener(port);
        if (pid.isEmpty()) {
            return false;
        }
        boolean killed = ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::destroyForcibly).orElse(false);
        // The port, not the process: a killed daemon stays a zombie until its parent reaps it, which may be late
        // or never here, while the kernel closes its sockets at once.
        return killed && Shell.await(Duration.ofSeconds(20), () -> Stack.listener(port).isEmpty());
    }
}
