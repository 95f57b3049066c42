package dev.chatservice.wiring;

import dev.chatservice.rabbitmq.RabbitConfig;
import dev.chatservice.redis.RedisUrl;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the backing services are, read from the environment and validated once at startup. With none of the
 * four service URLs set the embedded mode applies; with only some of them set, startup fails. For clusters,
 * CHAT_RABBITMQ_URL and CHAT_ELASTICSEARCH_URL take comma-separated lists of node URLs, and CHAT_REDIS_URL a
 * {@code redis-sentinel://} URL (see {@link RedisUrl}); a malformed value fails naming its variable.
 *
 * <p>{@code rabbitmqUser} and {@code rabbitmqPassword} are null unless CHAT_RABBITMQ_USER and
 * CHAT_RABBITMQ_PASSWORD are set; they then replace the credentials of CHAT_RABBITMQ_URL, verbatim, so that a
 * password needs no percent-encoding.
 */
public record Settings(String mysqlUrl, String mysqlUser, String mysqlPassword, String redisUrl,
                       String rabbitmqUrl, String rabbitmqUser, String rabbitmqPassword, String elasticsearchUrl,
                       String elasticsearchIndex) {

    public static final List<String> SERVICE_VARIABLES =
            List.of("CHAT_MYSQL_URL", "CHAT_REDIS_URL", "CHAT_RABBITMQ_URL", "CHAT_ELASTICSEARCH_URL");

    /** The production settings, or empty for the embedded mode. */
    public static Optional<Settings> fromEnvironment(Map<String, String> env) {
        List<String> set = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : SERVICE_VARIABLES) {
            (present(env, name) ? set : missing).add(name);
        }
        if (set.isEmpty()) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("production mode needs all of " + SERVICE_VARIABLES + "; "
                    + set + " are set but " + missing + " are not (set none of them for the embedded mode)");
        }
        String mysql = env.get("CHAT_MYSQL_URL").trim();
        if (!mysql.startsWith("jdbc:mysql://") && !mysql.startsWith("jdbc:mariadb://")) {
            throw new IllegalArgumentException("CHAT_MYSQL_URL must start with jdbc:mysql://, got " + mysql);
        }
        String redis = env.get("CHAT_REDIS_URL").trim();
        RedisUrl.parse(redis);
        String rabbit = env.get("CHAT_RABBITMQ_URL").trim();
        for (String node : rabbit.split(",", -1)) {
            requireScheme("CHAT_RABBITMQ_URL", node.strip(), "amqp", "amqps");
        }
        RabbitConfig.fromUrl(rabbit).addresses();
        String elastic = env.get("CHAT_ELASTICSEARCH_URL").trim();
        for (String node : elastic.split(",", -1)) {
            requireScheme("CHAT_ELASTICSEARCH_URL", node.strip(), "http", "https");
        }
        String index = env.getOrDefault("CHAT_ELASTICSEARCH_INDEX", "chat-messages").trim();
        if (!index.matches("[a-z0-9][a-z0-9_-]{0,100}")) {
            throw new IllegalArgumentException("CHAT_ELASTICSEARCH_INDEX must be lower-case letters, digits, '-' "
                    + "or '_', got " + index);
        }
        return Optional.of(new Settings(mysql, env.getOrDefault("CHAT_MYSQL_USER", "root"),
                env.getOrDefault("CHAT_MYSQL_PASSWORD", ""), redis, rabbit, setOrNull(env, "CHAT_RABBITMQ_USER"),
                setOrNull(env, "CHAT_RABBITMQ_PASSWORD"), elastic, index));
    }

    /** The broker's production settings, logging in with the credential variables where they are set. */
    public RabbitConfig rabbitConfig() {
        return RabbitConfig.fromUrl(rabbitmqUrl).withCredentials(rabbitmqUser, rabbitmqPassword);
    }

    /** The value as it is (a password may begin or end with a space), or null when missing or blank. */
    private static String setOrNull(Map<String, String> env, String name) {
        return present(env, name) ? env.get(name) : null;
    }

    private static boolean present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    /** Checks one URL of the variable {@code name}, which may hold a comma-separated list of them. */
    private static void requireScheme(String name, String value, String... schemes) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " has an empty entry in its list");
        }
        String scheme;
        try {
            URI uri = URI.create(value);
            scheme = uri.getScheme();
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a valid URL: " + redact(value));
        }
        if (!List.of(schemes).contains(scheme)) {
            throw new IllegalArgumentException(name + " must use " + String.join(" or ", schemes) + "://, got "
                    + redact(value));
        }
    }

    /** For logs: the URLs without their passwords. */
    @Override
    public String toString() {
        return "Settings[mysql=" + mysqlUrl + " as " + mysqlUser + ", redis=" + redact(redisUrl) + ", rabbitmq="
                + redact(rabbitmqUrl) + (rabbitmqUser == null ? "" : " as " + rabbitmqUser) + ", elasticsearch="
                + redact(elasticsearchUrl) + "/" + elasticsearchIndex + "]";
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
