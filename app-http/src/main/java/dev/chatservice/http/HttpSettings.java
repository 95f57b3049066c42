package dev.chatservice.http;

import java.util.Map;
import java.util.Optional;

/** What the HTTP node reads from its environment, validated once at startup. */
public record HttpSettings(int port, Optional<String> adminKey) {

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
        return new HttpSettings(port, adminKey);
    }
}
