package dev.chatservice.redis;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Knows which Redis primary each pooled connection talks to, by the server's own replication id
 * ({@code master_replid} of {@code INFO replication}), read once when the connection is first handed out, i.e.
 * whenever a connection to the primary is (re)established. A promoted replica takes a new replication id, so a
 * failover always shows up as a new id, whatever the data it carries says: a key kept in Redis is replicated
 * with everything else and could not tell the new primary from the old one.
 *
 * <p>A caller that chose its keys for one primary runs its commands {@linkplain #expecting expecting} that
 * primary's id: a connection to any other primary is then refused before the command is written, with
 * {@link PrimaryChangedException}, so no command ever runs on a primary it was not meant for. An id is tied to
 * its connection, and a connection to its server, and a server's id changes only with its role: a replica that
 * Sentinel promotes drops its clients, so no connection to a primary carries an id from before its promotion;
 * a demoted primary keeps its clients, but as a replica it refuses their writes, and the client follows
 * Sentinel to the new primary with a new pool.
 */
public final class PrimaryWatch implements ConnectionProvider {
    private static final System.Logger LOG = System.getLogger(PrimaryWatch.class.getName());
    private static final ThreadLocal<String> EXPECTED = new ThreadLocal<>();

    /** The real source: the server's {@code master_replid}. */
    public static final Function<Connection, String> INFO_REPLICATION = connection -> replicationId(
            connection.executeCommand(new CommandObject<>(
                    new CommandArguments(Protocol.Command.INFO).add("replication"), BuilderFactory.STRING)));

    private final ConnectionProvider inner;
    private final Function<Connection, String> replicationIdOf;
    /** The id each connection reported, and which change of primary had been seen when it did. */
    private final Map<Connection, Tag> tags = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile String current;
    private long changes;

    private record Tag(String id, long seenAfter) {}

    /**
     * @param replicationIdOf reads the replication id of the server behind a fresh connection; a seam for tests,
     *                        {@link #INFO_REPLICATION} in production
     */
    public PrimaryWatch(ConnectionProvider inner, Function<Connection, String> replicationIdOf) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.replicationIdOf = Objects.requireNonNull(replicationIdOf, "replicationIdOf");
    }

    /** The replication id of the primary last connected to; null before the first connection. */
    public String current() {
        return current;
    }

    /** Runs {@code work}, whose commands may only run on the primary of replication id {@code replicationId}. */
    <T> T expecting(String replicationId, Supplier<T> work) {
        String outer = EXPECTED.get();
        EXPECTED.set(replicationId);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                EXPECTED.remove();
            } else {
                EXPECTED.set(outer);
            }
        }
    }

    @Override
    public Connection getConnection() {
        return checked(inner.getConnection(), inner::getConnection);
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return checked(inner.getConnection(args), () -> inner.getConnection(args));
    }

    /**
     * Tags a connection on its first use. A connection tagged with an earlier primary's id, before the change
     * to the current one was seen, is left over from before a failover: it is dropped from the pool and another
     * taken, so that the pool settles on the newest primary instead of alternating between two.
     */
    private Connection checked(Connection first, Supplier<Connection> another) {
        Connection connection = first;
        while (true) {
            Tag tag;
            try {
                tag = tags.get(connection);
                if (tag == null) {
                    String id = Objects.requireNonNull(replicationIdOf.apply(connection), "replication id");
                    tag = seen(id);
                    tags.put(connection, tag);
                }
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            if (isLeftOver(tag)) {
                connection.setBroken();
                connection.close();
                connection = another.get();
                continue;
            }
            String expected = EXPECTED.get();
            if (expected != null && !expected.equals(tag.id())) {
                connection.close();
                throw new PrimaryChangedException(expected, tag.id());
            }
            return connection;
        }
    }

    private synchronized Tag seen(String id) {
        if (!id.equals(current)) {
            if (current != null) {
                LOG.log(System.Logger.Level.WARNING, "Redis primary changed: replication id " + current + " -> "
                        + id + "; counters restart above their durable ceilings");
            }
            current = id;
            changes++;
        }
        return new Tag(id, changes);
    }

    private synchronized boolean isLeftOver(Tag tag) {
        return !tag.id().equals(current) && tag.seenAfter() < changes;
    }

    @Override
    public Map<?, ?> getConnectionMap() {
        return inner.getConnectionMap();
    }

    @Override
    public Map<?, ?> getPrimaryNodesConnectionMap() {
        return inner.getPrimaryNodesConnectionMap();
    }

    @Override
    public void close() throws Exception {
        inner.close();
    }

    static String replicationId(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("master_replid:")) {
                return line.substring("master_replid:".length()).strip();
            }
        }
        throw new JedisException("INFO replication has no master_replid");
    }
}
