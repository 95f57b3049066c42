package dev.chatservice.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP node reads from its environment, validated once at startup.
 *
 * @param maxStreams  live event streams this node serves at once; past it a new one is answered 503
 * @param corsOrigins origins whose browsers may call the API and open streams; empty sends no CORS headers
 */
public record HttpSettings(int port, Optional<String> adminKey, int maxStreams, List<String> corsOrigins) {

    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** The defaults of an unconfigured node: port 8080, the default stream cap, no CORS. */
    public static HttpSettings defaults(Optional<String> adminKey) {
        return new HttpSettings(8080, adminKey, StreamLimits.DEFAULT_MAX_STREAMS, List.of());
    }

    public static HttpSettings fromEnvironment(Map<String, String> env) {
        String rawPort = env.getOrDefault("CHAT_HTTP_PORT", "8080");
        int port;
        try {
            port = Integer.parseInt(rawPort.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CHAT_HTTP_PORT must be a port number, got '" + rawPort + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("CHAT_HTTP_PORT must be between 0 and 65535, got " + port);
        }
        Optional<String> adminKey = Optional.ofNullable(env.get("CHAT_ADMIN_KEY")).filter(k -> !k.isBlank());
        if (adminKey.isPresent() && adminKey.get().length() < 16) {
            throw new IllegalArgumentException("CHAT_ADMIN_KEY must be at least 16 characters");
        }
        String rawMax = env.getOrDefault("CHAT_MAX_STREAMS", Integer.toString(StreamLimits.DEFAULT_MAX_STREAMS));
        int maxStreams;
        try {
            maxStreams = Integer.parseInt(rawMax.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CHAT_MAX_STREAMS must be a whole number, got '" + rawMax + "'");
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("CHAT_MAX_STREAMS must be at least 1, got " + maxStreams);
        }
        return new HttpSettings(port, adminKey, maxStreams, Cors.parseOrigins(env.get("CHAT_CORS_ORIGINS")));
    }

    /** Without the admin key. */
    @Override
    public String toString() {
        return "HttpSettings[port=" + port + ", adminKey=" + (adminKey.isPresent() ? "***" : "none")
                + ", maxStreams=" + maxStreams + ", corsOrigins=" + corsOrigins + "]";
    }
}
