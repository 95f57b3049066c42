package dev.chatservice.systemtests.faults;

import dev.chatservice.systemtests.MysqlLogin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The suite's own instance of scripts/stack: its directory, ports, database, Redis database and vhost. */
final class Stack {
    static final int HTTP_NODES = 2;
    static final int WORKERS = 2;
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final Path dir;
    final int httpPort;
    final int workerHealthPort;
    final String database;
    final int redisDb;
    final String vhost;
    final String index;
    private final String root;
    private final Shell shell;
    private final Map<String, String> env = new HashMap<>();
    /** Set when the stack runs against scripts/ha-cluster's clusters instead of the single servers. */
    private HaCluster cluster;

    Stack(String root, Shell shell, Path dir, int httpPort, int workerHealthPort, String database, int redisDb,
          String vhost, String index) {
        this.root = root;
        this.shell = shell;
        this.dir = dir;
        this.httpPort = httpPort;
        this.workerHealthPort = workerHealthPort;
        this.database = database;
        this.redisDb = redisDb;
        this.vhost = vhost;
        this.index = index;
        env.put("CHAT_STACK_DIR", dir.toString());
        env.put("CHAT_STACK_HTTP_PORT", Integer.toString(httpPort));
        env.put("CHAT_STACK_WORKER_HEALTH_PORT", Integer.toString(workerHealthPort));
        env.put("CHAT_STACK_MYSQL_DB", database);
        env.put("CHAT_STACK_REDIS_DB", Integer.toString(redisDb));
        env.put("CHAT_STACK_RABBITMQ_VHOST", vhost);
        env.put("CHAT_STACK_ELASTICSEARCH_INDEX", index);
    }

    /** Makes the nodes reach one dependency through host:port, e.g. CHAT_STACK_RABBITMQ_ADDR for a proxy. */
    void route(String variable, String address) {
        env.put(variable, address);
    }

    /**
     * Runs the nodes against the local HA clusters (scripts/stack up --ha), which up() then also restores:
     * a killed cluster node is started again and rejoins before up() returns.
     */
    void useHaClusters(HaCluster cluster) {
        this.cluster = cluster;
    }

    /** rabbitmqctl against the broker(s) this stack uses. */
    List<String> rabbitmqctl() {
        return cluster == null ? List.of("rabbitmqctl") : cluster.rabbitmqctl();
    }

    /** Starts whichever of the 2 HTTP nodes and 2 workers is not running, and waits until all are ready. */
    boolean up() {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root + "/scripts/stack", "up",
                "--http", Integer.toString(HTTP_NODES), "--workers", Integer.toString(WORKERS)));
        if (cluster != null) {
            command.add("--ha");
        }
        int code = shell.run(Duration.ofSeconds(cluster == null ? 240 : 420), env, command.toArray(String[]::new));
        return code == 0 && awaitReady(Duration.ofSeconds(120)) && ownPorts();
    }

    /**
     * Whether each node listens on its own port. A port already held by another process (another engineer's
     * node left running) makes our node exit at bind, yet the port answers and /readyz says 200: the load
     * would then write half its requests into someone else's stack and count them as lost here.
     */
    boolean ownPorts() {
        boolean own = true;
        for (int i = 0; i < HTTP_NODES + WORKERS; i++) {
            String node = i < HTTP_NODES ? "http-" + i : "worker-" + (i - HTTP_NODES);
            int port = i < HTTP_NODES ? httpPort + i : workerHealthPort + i - HTTP_NODES;
            OptionalLong pid = pid(node);
            OptionalLong holder = listener(port);
            if (pid.isEmpty() || holder.isEmpty() || holder.getAsLong() != pid.getAsLong()) {
                System.out.println("stack: port " + port + " of " + node + " (pid " + (pid.isPresent()
                        ? pid.getAsLong() : "none") + ") is held by " + (holder.isPresent() ? "pid "
                        + holder.getAsLong() : "no process found") + "; stop it or choose other ports");
                own = false;
            }
        }
        return own;
    }

    /** The process listening on a TCP port, from /proc/net/tcp{,6} and the processes' socket descriptors. */
    static OptionalLong listener(int port) {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the socket's inode.
                    if (f.length > 9 && f[3].equals("0A") && f[1].endsWith(String.format(":%04X", port))) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no such table: no listener there
            }
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try (var fds = Files.list(process.resolve("fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return OptionalLong.of(Long.parseLong(name));
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    void down() {
        shell.run(Duration.ofSeconds(120), env, "bash", root + "/scripts/stack", "down");
    }

    List<String> httpBases() {
        return java.util.stream.IntStream.range(0, HTTP_NODES).mapToObj(i -> "http://127.0.0.1:" + (httpPort + i))
                .toList();
    }

    boolean awaitReady(Duration timeout) {
        return Shell.await(timeout, this::allReady);
    }

    boolean allReady() {
        for (int i = 0; i < HTTP_NODES; i++) {
            if (!ready(httpPort + i)) {
                return false;
            }
        }
        for (int i = 0; i < WORKERS; i++) {
            if (!ready(workerHealthPort + i)) {
                return false;
            }
        }
        return true;
    }

    static boolean ready(int port) {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9 of a node of this stack ("http-1", "worker-0"): no shutdown hook, no draining. */
    boolean kill(String node) {
        OptionalLong pid = pid(node);
        if (pid.isEmpty()) {
            return false;
        }
        boolean killed = ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::destroyForcibly).orElse(false);
        return killed && Shell.await(Duration.ofSeconds(20), () -> ProcessHandle.of(pid.getAsLong()).isEmpty()
                || !ProcessHandle.of(pid.getAsLong()).get().isAlive());
    }

    /** The process id scripts/stack recorded for a node ("http-0", "worker-1"), if it has one. */
    OptionalLong pid(String node) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(dir.resolve("run").resolve(node + ".pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Empties this stack's namespace on the shared servers: database, Redis database, vhost and index. */
    void reset() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:3306/?connectTimeout=3000&allowPublicKeyRetrieval=true&useSSL=false",
                mysqlLogin().user(), mysqlLogin().password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        boolean flushed = cluster == null
                ? shell.run(Duration.ofSeconds(20), "redis-cli", "-n", Integer.toString(redisDb), "FLUSHDB") == 0
                : cluster.flushRedis(redisDb);
        if (!flushed) {
            throw new IllegalStateException("could not flush Redis database " + redisDb);
        }
        List<String> deleteVhost = new java.util.ArrayList<>(rabbitmqctl());
        deleteVhost.addAll(List.of("-q", "delete_vhost", vhost));
        shell.run(Duration.ofSeconds(60), deleteVhost.toArray(String[]::new));
        // The mapped index behind the alias, and an index of the alias's own name, which a write auto-creates
        // when it comes while the alias is missing (a worker still running when an earlier run deleted it).
        String elasticsearch = "http://127.0.0.1:" + (cluster == null ? 9200 : HaCluster.elasticsearchPort(1)) + "/";
        for (String name : List.of(index + "-v1", index + "-v2", index + "-v3", index)) {
            shell.run(Duration.ofSeconds(20), "curl", "-s", "-m", "10", "-X", "DELETE", elasticsearch + name);
        }
    }

    /** The MySQL login scripts/stack wrote into this stack's env file (its nodes use the same). */
    MysqlLogin mysqlLogin() {
        return MysqlLogin.of(dir);
    }

    Path log(String node) {
        return dir.resolve("logs").resolve(node + ".log");
    }
}
