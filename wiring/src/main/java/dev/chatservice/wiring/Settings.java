package dev.chatservice.wiring;

import dev.chatservice.rabbitmq.RabbitConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the backing services are, read from the environment and validated once at startup. With none of the
 * four service URLs set the embedded mode applies; with only some of them set, startup fails.
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
        String redis = requireScheme(env, "CHAT_REDIS_URL", "redis", "rediss");
        String rabbit = requireScheme(env, "CHAT_RABBITMQ_URL", "amqp", "amqps");
        String elastic = requireScheme(env, "CHAT_ELASTICSEARCH_URL", "http", "https");
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

    private static String requireScheme(Map<String, String> env, String name, String... schemes) {
        String value = env.get(name).trim();
        String scheme;
        try {
            URI uri = URI.create(value);
            scheme = uri.getScheme();
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a valid URL: " + value);
        }
        if (!List.of(schemes).contains(scheme)) {
            throw new IllegalArgumentException(name + " must use " + String.join(" or ", schemes) + "://, got "
                    + value);
        }
        return value;
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
