package dev.chatservice.systemtests.production;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shared Elasticsearch on port 9200, stopped and started through scripts/elasticsearch with the stack
 * directory of whoever started it. That script only stops a node whose pid file is in its CHAT_STACK_DIR and
 * answers 0 otherwise, having stopped nothing; so the directory is read from the running node's ES_PATH_CONF
 * ({@code <stack dir>/elasticsearch/config}), as scripts/faults does.
 */
final class ElasticsearchProcess {
    static final int PORT = 9200;
    private final Path stackDir;

    private ElasticsearchProcess(Path stackDir) {
        this.stackDir = stackDir;
    }

    /** The node serving port 9200, found among the running processes; fails if no script-started node does. */
    static ElasticsearchProcess running() throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                Optional<Path> conf = configOf(process);
                if (conf.isPresent() && Files.readString(conf.get().resolve("elasticsearch.yml"))
                        .contains("http.port: " + PORT + "\n")) {
                    return new ElasticsearchProcess(conf.get().getParent().getParent());
                }
            }
        }
        throw new AssertionError("no Elasticsearch started by scripts/elasticsearch serves port " + PORT
                + "; start it with: scripts/stack deps");
    }

    /** The ES_PATH_CONF of an Elasticsearch server process, if {@code process} is one. */
    private static Optional<Path> configOf(Path process) {
        try {
            String command = Files.readString(process.resolve("cmdline"), StandardCharsets.UTF_8);
            if (!command.contains("org.elasticsearch.bootstrap.Elasticsearch")) {
                return Optional.empty();
            }
            for (String variable : Files.readString(process.resolve("environ"), StandardCharsets.UTF_8).split("\0")) {
                if (variable.startsWith("ES_PATH_CONF=")) {
                    Path conf = Path.of(variable.substring("ES_PATH_CONF=".length()));
                    return Files.isRegularFile(conf.resolve("elasticsearch.yml")) ? Optional.of(conf) : Optional.empty();
                }
            }
        } catch (IOException e) {
            // gone meanwhile, or not ours to read
        }
        return Optional.empty();
    }

    int stop() throws IOException, InterruptedException {
        return script("stop");
    }

    int start() throws IOException, InterruptedException {
        return script("start");
    }

    /** Whether anything accepts connections on port 9200 now. */
    boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int script(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "../scripts/elasticsearch", command)).inheritIO();
        builder.environment().put("CHAT_STACK_DIR", stackDir.toString());
        ServersLock.pass(builder.environment());
        Process process = builder.start();
        return process.waitFor(180, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
