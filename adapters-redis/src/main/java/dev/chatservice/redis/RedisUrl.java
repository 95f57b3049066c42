package dev.chatservice.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed {@value #VARIABLE}: either one server, {@code redis://[user:password@]host[:port][/db]}, or a
 * primary found through Sentinel, {@code redis-sentinel://[user:password@]h1:26379,h2:26379,h3:26379/master/db}.
 * The credentials are those of the data servers; the Sentinels are asked without any.
 *
 * @param nodes      the one server, or the Sentinels
 * @param masterName the Sentinel master name; empty for one server
 */
public record RedisUrl(List<HostAndPort> nodes, Optional<String> masterName, int database, String user,
                       String password) {
    public static final String VARIABLE = "CHAT_REDIS_URL";
    private static final int REDIS_PORT = 6379;
    private static final int SENTINEL_PORT = 26379;

    public RedisUrl {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " names no host");
        }
        if (masterName.isEmpty() && nodes.size() > 1) {
            throw new IllegalArgumentException(VARIABLE + ": only redis-sentinel:// takes several hosts");
        }
        if (database < 0) {
            throw new IllegalArgumentException(VARIABLE + ": the database must be 0 or more");
        }
    }

    public boolean sentinel() {
        return masterName.isPresent();
    }

    /**
     * @throws IllegalArgumentException naming {@value #VARIABLE} and saying what is wrong; never echoing a
     *                                  password
     */
    public static RedisUrl parse(String url) {
        String value = url == null ? "" : url.strip();
        int schemeEnd = value.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : value.substring(0, schemeEnd);
        boolean sentinel = scheme.equals("redis-sentinel");
        if (!sentinel && !scheme.equals("redis")) {
            throw new IllegalArgumentException(VARIABLE + " must look like redis://host:6379/0 or "
                    + "redis-sentinel://h1:26379,h2:26379,h3:26379/master-name/0, got " + redact(value));
        }
        String rest = value.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = blankToNull(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        List<HostAndPort> nodes = new ArrayList<>();
        for (String node : authority.split(",", -1)) {
            nodes.add(hostAndPort(node.strip(), sentinel ? SENTINEL_PORT : REDIS_PORT, value));
        }
        List<String> segments = path.isEmpty() ? List.of() : List.of(path.split("/", -1));
        if (sentinel) {
            if (segments.isEmpty() || segments.get(0).isBlank()) {
                throw new IllegalArgumentException(VARIABLE + ": a redis-sentinel:// URL needs the master name "
                        + "after the hosts (…/mymaster/0), got " + redact(value));
            }
            if (segments.size() > 2) {
                throw new IllegalArgumentException(VARIABLE + ": expected /master-name[/db], got " + redact(value));
            }
            return new RedisUrl(nodes, Optional.of(segments.get(0)),
                    segments.size() > 1 ? database(segments.get(1), value) : 0, user, password);
        }
        if (segments.size() > 1) {
            throw new IllegalArgumentException(VARIABLE + ": expected /db after the host, got " + redact(value));
        }
        return new RedisUrl(nodes, Optional.empty(), segments.isEmpty() ? 0 : database(segments.get(0), value),
                user, password);
    }

    private static HostAndPort hostAndPort(String node, int defaultPort, String url) {
        try {
            URI uri = URI.create("redis://" + node);
            if (uri.getHost() == null || node.isEmpty() || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
            return new HostAndPort(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + ": '" + node + "' is not a host[:port] in " + redact(url),
                    e);
        }
    }

    private static int database(String segment, String url) {
        if (segment.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + ": the database must be a number, got '" + segment
                    + "' in " + redact(url), e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The URL without its password, for error messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public String toString() {
        return "RedisUrl[nodes=" + nodes + ", masterName=" + masterName + ", database=" + database + ", user="
                + user + "]";
    }
}
