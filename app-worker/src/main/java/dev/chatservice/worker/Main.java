package dev.chatservice.worker;

import java.util.Map;

/** Starts a worker process: consumes the command queue and runs the command processor. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        if (env.get("CHAT_RABBITMQ_URL") == null) {
            // An in-memory queue lives inside one process, so a separate worker would never see a command.
            System.err.println("app-worker needs CHAT_RABBITMQ_URL, CHAT_MYSQL_URL, CHAT_REDIS_URL and "
                    + "CHAT_ELASTICSEARCH_URL. In the embedded mode (none of them set) the HTTP node runs the "
                    + "worker in its own process: start only java -jar app-http/target/app-http.jar.");
            System.exit(2);
        }
        System.err.println("the production wiring of app-worker is not built yet");
        System.exit(2);
    }
}
