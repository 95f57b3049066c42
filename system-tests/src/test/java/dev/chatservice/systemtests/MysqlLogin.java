package dev.chatservice.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MySQL login of the production tests, the fault suite and the soak: the one that scripts/stack set up.
 * On a fresh Debian root has no TCP login, so scripts/stack makes a user of its own and writes it to its env
 * file; reading it here keeps one source of truth instead of a guess per class.
 */
public record MysqlLogin(String user, String password) {
    /** The stack directory scripts/stack uses when CHAT_STACK_DIR is not set. */
    private static final String DEFAULT_STACK_DIR = "/var/tmp/chat-stack";

    /**
     * CHAT_MYSQL_USER and CHAT_MYSQL_PASSWORD when set (scripts/test exports them from the env file), else
     * the env file scripts/stack wrote in {@code stackDir}, else root with no password.
     */
    public static MysqlLogin of(Path stackDir) {
        String user = System.getenv("CHAT_MYSQL_USER");
        if (user != null) {
            return new MysqlLogin(user, System.getenv().getOrDefault("CHAT_MYSQL_PASSWORD", ""));
        }
        Map<String, String> file = envFile(stackDir.resolve("env"));
        return new MysqlLogin(file.getOrDefault("CHAT_MYSQL_USER", "root"), file.getOrDefault("CHAT_MYSQL_PASSWORD", ""));
    }

    /** The login of the stack in CHAT_STACK_DIR (default /var/tmp/chat-stack). */
    public static MysqlLogin local() {
        return of(Path.of(System.getenv().getOrDefault("CHAT_STACK_DIR", DEFAULT_STACK_DIR)));
    }

    private static Map<String, String> envFile(Path file) {
        Map<String, String> values = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return values; // no stack set up here: the servers' defaults apply
        }
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return "MysqlLogin[user=" + user + "]"; // never the password, in a log or an assertion message
    }
}
