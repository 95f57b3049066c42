package dev.chatservice.rabbitmq;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link RabbitCommandQueue}: where the broker is, how the queues are named and sharded, and the
 * batching, confirm and retry limits. Build one with {@link #fromUrl(String)} or {@link #fromEnv(Map)}, then the
 * {@code with…} methods.
 *
 * @param url               {@code amqp://user:password@host:port/vhost}, the vhost URL-encoded ({@code %2F} for /);
 *                          or a comma-separated list of such URLs, one per node of a cluster, all with the same
 *                          scheme, credentials and vhost: the client connects to any of them (in random order) and
 *                          recovers onto another
 * @param username          replaces the URL's user when not null
 * @param password          replaces the URL's password when not null. Taken verbatim: a password in the URL must
 *                          be percent-encoded, and the same password would then differ between the broker's own
 *                          setting and the URL, which is why the variables carry it apart from the URL
 * @param queuePrefix       prepended with a dot to every exchange and queue name; empty in production, a random
 *                          value in tests so each test has queues of its own
 * @param shards            number of shard queues; a chat always maps to the same one, so changing it needs an
 *                          empty queue (drain first)
 * @param prefetch          unacknowledged deliveries a consumer may hold per shard
 * @param maxBatch          most commands handed to the handler at once
 * @param maxBatchWait      how long a batch may wait to fill once its first command arrived
 * @param confirmTimeout    how long {@code publish} waits for the broker's confirm
 * @param maxAttempts       handler failures of one command, alone in its batch, before it is dead-lettered
 * @param deliveryLimit     the quorum queues' {@code x-delivery-limit}: how many times the broker takes a command
 *                          back (crashed or closed consumers) before dead-lettering it
 * @param publisherChannels size of the publisher channel pool
 * @param connectAttempts   attempts of the first connection before giving up
 * @param connectBackoff    pause after the first failed connection attempt, doubled after each further one
 * @param recoveryInterval  pause between the client's automatic recovery attempts
 * @param maxRetryBackoff   longest pause between two attempts at a failing batch
 */
public record RabbitConfig(
        String url,
        String username,
        String password,
        String queuePrefix,
        int shards,
        int prefetch,
        int maxBatch,
        Duration maxBatchWait,
        Duration confirmTimeout,
        int maxAttempts,
        int deliveryLimit,
        int publisherChannels,
        int connectAttempts,
        Duration connectBackoff,
        Duration recoveryInterval,
        Duration maxRetryBackoff) {

    /** The environment variable that holds the broker URL in production. */
    public static final String URL_VARIABLE = "CHAT_RABBITMQ_URL";
    /** The broker URL used when {@link #URL_VARIABLE} is unset: a local broker with the default account. */
    public static final String DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";
    /** The environment variable that, when set, replaces the user in the broker URL. */
    public static final String USER_VARIABLE = "CHAT_RABBITMQ_USER";
    /** The environment variable that, when set, replaces the password in the broker URL; read verbatim. */
    public static final String PASSWORD_VARIABLE = "CHAT_RABBITMQ_PASSWORD";

    public RabbitConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(queuePrefix, "queuePrefix");
        requirePositive("shards", shards);
        requirePositive("prefetch", prefetch);
        requirePositive("maxBatch", maxBatch);
        requirePositive("maxAttempts", maxAttempts);
        requirePositive("deliveryLimit", deliveryLimit);
        requirePositive("publisherChannels", publisherChannels);
        requirePositive("connectAttempts", connectAttempts);
        requirePositive("maxBatchWait", maxBatchWait);
        requirePositive("confirmTimeout", confirmTimeout);
        requirePositive("connectBackoff", connectBackoff);
        requirePositive("recoveryInterval", recoveryInterval);
        requirePositive("maxRetryBackoff", maxRetryBackoff);
        if (!queuePrefix.matches("[A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("queuePrefix may hold only A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        if (prefetch < maxBatch) {
            throw new IllegalArgumentException("prefetch (" + prefetch + ") must be at least maxBatch (" + maxBatch
                    + "), or a batch could never fill");
        }
    }

    /**
     * Production defaults for the broker at {@code url}. The confirm timeout is 750 ms, like the MySQL and
     * Elasticsearch read bounds: a stalled broker answers a create with 503 within the API's 1 s, while
     * confirms under load take milliseconds. Recovery retries every 250 ms: when a cluster node dies, the
     * publishers and consumers that were on it move to another node a quarter of a second later, so clients see
     * 503s for well under the 1 s the API promises; a failed attempt costs only a refused connection.
     */
    public static RabbitConfig fromUrl(String url) {
        return new RabbitConfig(url, null, null, "", 8, 500, 500, Duration.ofMillis(50), Duration.ofMillis(750), 5,
                20, 2, 5, Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    /**
     * Production defaults for the broker named by {@value #URL_VARIABLE}, or {@value #DEFAULT_URL} if unset, with
     * the credentials of {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE} where those are set (not blank).
     */
    public static RabbitConfig fromEnv(Map<String, String> env) {
        String url = env.get(URL_VARIABLE);
        return fromUrl(url == null || url.isBlank() ? DEFAULT_URL : url.strip())
                .withCredentials(blankToNull(env.get(USER_VARIABLE)), blankToNull(env.get(PASSWORD_VARIABLE)));
    }

    /** Null for a missing or blank value, else the value itself, untrimmed: spaces may belong to a password. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public RabbitConfig withQueuePrefix(String prefix) {
        return new RabbitConfig(url, username, password, prefix, shards, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, maxAttempts, deliveryLimit, publisherChannels, connectAttempts, connectBackoff,
                recoveryInterval, maxRetryBackoff);
    }

    public RabbitConfig withShards(int count) {
        return new RabbitConfig(url, username, password, queuePrefix, count, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, maxAttempts, deliveryLimit, publisherChannels, connectAttempts, connectBackoff,
                recoveryInterval, maxRetryBackoff);
    }

    public RabbitConfig withBatching(int prefetchCount, int batchSize, Duration batchWait) {
        return new RabbitConfig(url, username, password, queuePrefix, shards, prefetchCount, batchSize, batchWait,
                confirmTimeout, maxAttempts, deliveryLimit, publisherChannels, connectAttempts, connectBackoff,
                recoveryInterval, maxRetryBackoff);
    }

    public RabbitConfig withRetries(int attempts, int limit, Duration maxBackoff) {
        return new RabbitConfig(url, username, password, queuePrefix, shards, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, attempts, limit, publisherChannels, connectAttempts, connectBackoff,
                recoveryInterval, maxBackoff);
    }

    public RabbitConfig withPublisherChannels(int count) {
        return new RabbitConfig(url, username, password, queuePrefix, shards, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, maxAttempts, deliveryLimit, count, connectAttempts, connectBackoff, recoveryInterval,
                maxRetryBackoff);
    }

    public RabbitConfig withConnecting(int attempts, Duration backoff, Duration recovery) {
        return new RabbitConfig(url, username, password, queuePrefix, shards, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, maxAttempts, deliveryLimit, publisherChannels, attempts, backoff, recovery,
                maxRetryBackoff);
    }

    public RabbitConfig withUrl(String brokerUrl) {
        return new RabbitConfig(brokerUrl, username, password, queuePrefix, shards, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, maxAttempts, deliveryLimit, publisherChannels, connectAttempts, connectBackoff,
                recoveryInterval, maxRetryBackoff);
    }

    /** Replaces the URL's user and password with these, each where it is not null. */
    public RabbitConfig withCredentials(String user, String secret) {
        return new RabbitConfig(url, user, secret, queuePrefix, shards, prefetch, maxBatch, maxBatchWait,
                confirmTimeout, maxAttempts, deliveryLimit, publisherChannels, connectAttempts, connectBackoff,
                recoveryInterval, maxRetryBackoff);
    }

    /** The URLs of {@link #url}, one per node, in the order given. */
    public List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (String part : url.split(",", -1)) {
            urls.add(part.strip());
        }
        return urls;
    }

    /**
     * The nodes of {@link #url}.
     *
     * @throws IllegalArgumentException naming {@value #URL_VARIABLE} if a URL is malformed, or the URLs differ in
     *                                  anything but host and port
     */
    public List<Address> addresses() {
        List<Address> addresses = new ArrayList<>();
        ConnectionFactory first = null;
        for (String node : urls()) {
            ConnectionFactory factory = parse(node);
            if (first == null) {
                first = factory;
            } else if (!first.getUsername().equals(factory.getUsername())
                    || !first.getPassword().equals(factory.getPassword())
                    || !first.getVirtualHost().equals(factory.getVirtualHost())
                    || first.isSSL() != factory.isSSL()) {
                throw new IllegalArgumentException(URL_VARIABLE + ": every URL of the list must have the same "
                        + "scheme, credentials and vhost; " + redact(node) + " differs from " + redact(urls().get(0)));
            }
            addresses.add(new Address(factory.getHost(), factory.getPort()));
        }
        return addresses;
    }

    private static ConnectionFactory parse(String node) {
        ConnectionFactory factory = new ConnectionFactory();
        if (node.isEmpty()) {
            throw new IllegalArgumentException(URL_VARIABLE + " has an empty entry in its list");
        }
        try {
            URI uri = new URI(node);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            factory.setUri(uri);
        } catch (URISyntaxException e) {
            // Its message would quote the whole URL, password included.
            throw new IllegalArgumentException("invalid RabbitMQ URL in " + URL_VARIABLE + ": " + e.getReason()
                    + " at index " + e.getIndex(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid RabbitMQ URL in " + URL_VARIABLE + ": " + redact(node)
                    + ": " + e.getMessage(), e);
        }
        return factory;
    }

    /**
     * A connection factory for the broker: host, port, vhost and TLS from the (first) URL, then {@link #username}
     * and {@link #password} over the URL's credentials. They are set as they are, so no character of theirs needs
     * escaping. Connect it to {@link #addresses()} to use every node.
     *
     * @throws IllegalArgumentException as {@link #addresses()}
     */
    public ConnectionFactory connectionFactory() {
        addresses();
        ConnectionFactory factory = parse(urls().get(0));
        if (username != null) {
            factory.setUsername(username);
        }
        if (password != null) {
            factory.setPassword(password);
        }
        return factory;
    }

    /** The URLs with the user that will log in and without any password, fit for logs and error messages. */
    public String redactedUrl() {
        List<String> redacted = new ArrayList<>();
        for (String node : urls()) {
            redacted.add(redactedUrl(node));
        }
        return String.join(",", redacted);
    }

    private static String redact(String node) {
        return node.replaceAll("//[^/@]*@", "//***@");
    }

    private String redactedUrl(String node) {
        try {
            URI uri = new URI(node);
            String userInfo = uri.getRawUserInfo();
            if (uri.getRawAuthority() == null || (userInfo == null && username == null && password == null)) {
                return node;
            }
            int colon = userInfo == null ? -1 : userInfo.indexOf(':');
            String urlUser = userInfo == null ? "" : colon < 0 ? userInfo : userInfo.substring(0, colon);
            String user = username != null ? username : urlUser;
            String secret = password != null || colon >= 0 ? ":***" : "";
            String hostPort = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return uri.getScheme() + "://" + user + secret + "@" + hostPort + path;
        } catch (URISyntaxException e) {
            return "<unparseable broker URL>";
        }
    }

    /** Without the password, which the generated one would print. */
    @Override
    public String toString() {
        return "RabbitConfig[url=" + redactedUrl() + ", queuePrefix=" + queuePrefix + ", shards=" + shards
                + ", prefetch=" + prefetch + ", maxBatch=" + maxBatch + ", maxBatchWait=" + maxBatchWait
                + ", confirmTimeout=" + confirmTimeout + ", maxAttempts=" + maxAttempts + ", deliveryLimit="
                + deliveryLimit + ", publisherChannels=" + publisherChannels + ", connectAttempts=" + connectAttempts
                + ", connectBackoff=" + connectBackoff + ", recoveryInterval=" + recoveryInterval
                + ", maxRetryBackoff=" + maxRetryBackoff + "]";
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
