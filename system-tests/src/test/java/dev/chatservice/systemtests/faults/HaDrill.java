package dev.chatservice.systemtests.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The HA suite's faults without the service: each one injected into scripts/ha-cluster's live clusters and
 * repaired, with what the suite relies on asserted and timed. It proves the fault pieces on their own, e.g.
 * before the service can run against the clusters. Exits 1 at the first failed step.
 *
 * <p>{@code java -cp system-tests/target/test-classes dev.chatservice.systemtests.faults.HaDrill} from the
 * repository root, with the clusters up (scripts/ha-cluster start); they are whole again when it ends.
 */
public final class HaDrill {
    private static final String VHOST = "ha_drill";
    private static final Duration PARTITION_DETECTION = Duration.ofSeconds(60);

    private final Shell shell;
    private final HaCluster cluster;
    private final List<String> failures = new ArrayList<>();

    private HaDrill(Path log) {
        shell = new Shell(log);
        cluster = new HaCluster(shell, env("CHAT_FAULTS_ROOT", "."));
    }

    public static void main(String[] args) throws Exception {
        Path log = Files.createTempFile("ha-drill", ".log");
        HaDrill drill = new HaDrill(log);
        try {
            drill.run();
        } finally {
            drill.cluster.heal();
        }
        System.out.println(drill.failures.isEmpty() ? "ha-drill: passed" : "ha-drill: FAILED " + drill.failures
                + " (commands in " + log + ")");
        System.exit(drill.failures.isEmpty() ? 0 : 1);
    }

    private void run() {
        check(cluster.rabbitRunning() == 3, "3 RabbitMQ nodes run before the drill");
        declareShardQueues();
        OptionalInt leader = cluster.rabbitLeaderOfMostQueues(VHOST);
        check(leader.isPresent(), "a leader of the drill's quorum queues");
        int node = leader.orElse(1);
        long t = System.nanoTime();
        check(cluster.killRabbit(node), "kill -9 rabbit-ha" + node);
        say("kill -9 rabbit-ha" + node + " (led most queues) took " + since(t));
        OptionalInt next = cluster.rabbitLeaderOfMostQueues(VHOST);
        check(Shell.await(Duration.ofSeconds(30), () -> cluster.rabbitLeaderOfMostQueues(VHOST).isPresent()
                && cluster.rabbitLeaderOfMostQueues(VHOST).getAsInt() != node), "new leaders elected");
        say("queues led by rabbit-ha" + cluster.rabbitLeaderOfMostQueues(VHOST).orElse(0) + " after " + since(t)
                + " (first listing said " + next + ")");
        t = System.nanoTime();
        check(cluster.restore() && cluster.rabbitRunning() == 3, "rabbit-ha" + node + " restarted and rejoined");
        say("rabbit-ha" + node + " back, 3 running, after " + since(t));

        t = System.nanoTime();
        OptionalInt primary = cluster.redisPrimary();
        long promotion = cluster.killRedisPrimaryAndAwaitPromotion(Duration.ofSeconds(30));
        check(promotion >= 0, "Sentinel promotes the replica after kill -9 of " + primary);
        say("kill -9 Redis " + primary + ": promoted " + cluster.redisPrimary() + " after " + promotion + " ms");
        t = System.nanoTime();
        check(cluster.restore(), "old Redis primary back as a replica");
        say("Redis whole again after " + since(t));

        OptionalInt master = cluster.elasticsearchMaster();
        check(master.isPresent(), "an elected Elasticsearch master");
        int es = master.orElse(3);
        t = System.nanoTime();
        check(cluster.killElasticsearch(es), "kill -9 es-ha" + es);
        check(Shell.await(Duration.ofSeconds(60), () -> cluster.elasticsearchMaster().isPresent()
                && cluster.elasticsearchMaster().getAsInt() != es), "a new Elasticsearch master");
        say("kill -9 es-ha" + es + " (master): es-ha" + cluster.elasticsearchMaster().orElse(0)
                + " elected after " + since(t));
        t = System.nanoTime();
        check(cluster.restore(), "es-ha" + es + " restarted, 3 nodes");
        say("Elasticsearch whole again after " + since(t));

        int cut = cluster.rabbitLeaderOfMostQueues(VHOST).orElse(1);
        int peer = cut == 1 ? 2 : 1;
        t = System.nanoTime();
        check(cluster.partitionRabbit(cut), "partition rabbit-ha" + cut);
        check(Shell.await(PARTITION_DETECTION, () -> !Shell.portOpen(HaCluster.rabbitPort(cut))),
                "rabbit-ha" + cut + " pauses in its minority (its AMQP port closes)");
        say("partition of rabbit-ha" + cut + ": it paused after " + since(t) + "; rabbit-ha" + peer + " serves: "
                + Shell.portOpen(HaCluster.rabbitPort(peer)));
        t = System.nanoTime();
        check(cluster.heal() && cluster.restore() && cluster.rabbitRunning() == 3, "3 running after the heal");
        say("healed: 3 running after " + since(t));
        shell.run(Duration.ofSeconds(60), "bash", env("CHAT_FAULTS_ROOT", ".") + "/scripts/ha-cluster",
                "rabbitmqctl", "-q", "delete_vhost", VHOST);
    }

    /** Eight quorum queues spread over the nodes, as the service's shard queues are. */
    private void declareShardQueues() {
        String ha = env("CHAT_FAULTS_ROOT", ".") + "/scripts/ha-cluster";
        shell.run(Duration.ofSeconds(60), "bash", ha, "vhost", VHOST);
        for (int i = 0; i < 8; i++) {
            int code = shell.run(Duration.ofSeconds(30), "bash", ha, "rabbitmqctl", "-n",
                    "rabbit-ha" + (i % 3 + 1) + "@localhost", "-q", "eval",
                    "rabbit_amqqueue:declare(rabbit_misc:r(<<\"" + VHOST + "\">>, queue, <<\"drill." + i + "\">>), "
                            + "true, false, [{<<\"x-queue-type\">>, longstr, <<\"quorum\">>}], none, <<\"drill\">>).");
            check(code == 0, "declare quorum queue drill." + i);
        }
    }

    private void check(boolean condition, String what) {
        say((condition ? "ok    " : "FAIL  ") + what);
        if (!condition) {
            failures.add(what);
        }
    }

    private static String since(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - nanos) / 1e9);
    }

    private static void say(String line) {
        System.out.println("ha-drill: " + line);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
