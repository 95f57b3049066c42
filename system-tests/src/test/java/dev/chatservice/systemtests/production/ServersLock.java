package dev.chatservice.systemtests.production;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine-wide lock on the shared MariaDB, Redis, RabbitMQ and Elasticsearch, {@value #PATH}, held by
 * whoever stops, restarts or relies on them: scripts/test, scripts/faults, and the tests that restart a server.
 *
 * <p>It must be a real flock(2) lock, because the scripts take it with flock(1), and Java's FileChannel locks
 * are fcntl locks, which do not exclude flock locks on Linux. So a child process holds it: {@code flock}
 * runs a shell that prints once the lock is held and keeps it until its stdin closes.
 *
 * <p>Re-entrant across processes: whoever holds it exports {@value #HELD}=1, and a holder's descendant (this
 * test JVM under {@code scripts/test}, or under {@code CHAT_SERVERS_LOCK_HELD=1 flock -o LOCK ./mvnw ...})
 * sees that and does not lock again, which would otherwise wait for its own parent forever.
 */
final class ServersLock implements AutoCloseable {
    static final String PATH = "/tmp/chat-servers.lock";
    static final String HELD = "CHAT_SERVERS_LOCK_HELD";

    private final Process holder;

    private ServersLock(Process holder) {
        this.holder = holder;
    }

    /** Takes the lock, waiting as long as another run holds it; a no-op when the caller holds it already. */
    static ServersLock acquire() throws IOException, InterruptedException {
        if (ancestorHolds(PATH)) {
            return new ServersLock(null);
        }
        return acquire(PATH, System.getenv());
    }

    /**
     * Whether an ancestor process is {@code flock ... path}: flock runs its command only once it holds the
     * lock, so a caller that took it without exporting {@value #HELD} still holds it for us.
     */
    static boolean ancestorHolds(String path) {
        for (ProcessHandle p = ProcessHandle.current().parent().orElse(null); p != null;
             p = p.parent().orElse(null)) {
            ProcessHandle.Info info = p.info();
            boolean flock = info.command().map(c -> c.equals("flock") || c.endsWith("/flock")).orElse(false);
            if (flock && info.arguments().map(args -> java.util.Arrays.asList(args).contains(path)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Takes the lock on {@code path} unless {@code environment} says the caller holds it already. */
    static ServersLock acquire(String path, Map<String, String> environment) throws IOException, InterruptedException {
        if ("1".equals(environment.get(HELD))) {
            return new ServersLock(null);
        }
        // -o: the lock belongs to flock itself, not to the shell; closing our end of stdin ends cat, then flock.
        Process holder = new ProcessBuilder("flock", "-o", path, "sh", "-c", "echo held; exec cat")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(holder::destroyForcibly));
        System.err.println("servers lock: waiting for " + path);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"held".equals(line)) {
            holder.destroyForcibly();
            throw new IOException("flock " + path + " did not take the lock (printed " + line + ", exit "
                    + (holder.waitFor(5, TimeUnit.SECONDS) ? holder.exitValue() : "none") + ")");
        }
        System.err.println("servers lock: held");
        return new ServersLock(holder);
    }

    /** Marks a child's environment as running under the lock, so that it does not wait for it again. */
    static void pass(Map<String, String> environment) {
        environment.put(HELD, "1");
    }

    /** Whether this object holds the lock through its own flock process (false when the caller held it). */
    boolean ownsFlock() {
        return holder != null && holder.isAlive();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (holder == null) {
            return;
        }
        holder.getOutputStream().close();
        if (!holder.waitFor(10, TimeUnit.SECONDS)) {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
