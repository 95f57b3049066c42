package dev.chatservice.systemtests.production;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An HTTP node or a worker running as a real separate JVM process, as in production. */
final class Node implements AutoCloseable {
    private static final Path LOGS = Path.of("target", "it-logs");

    final String name;
    final int port;
    private final Process process;
    private final long logOffset;

    private Node(String name, int port, Process process, long logOffset) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.logOffset = logOffset;
    }

    /** An HTTP node on a free port. */
    static Node http(String name) throws IOException, InterruptedException {
        Node node = start(name, freePort(), "dev.chatservice.http.Main", List.of());
        node.awaitReady();
        return node;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Runs an admin command of the worker jar to its end; returns its exit code. */
    static int adminCommand(String name, String... args) throws IOException, InterruptedException {
        Node node = start(name, -1, "dev.chatservice.worker.Main", List.of(args));
        if (!node.process.waitFor(5, TimeUnit.MINUTES)) {
            node.kill();
            return -1;
        }
        return node.process.exitValue();
    }

    /** A worker, its health and metrics endpoints on a free port. */
    static Node worker(String name) throws IOException, InterruptedException {
        Node node = start(name, freePort(), "dev.chatservice.worker.Main", List.of("run"));
        node.awaitLog("worker running");
        return node;
    }

    private static Node start(String name, int port, String mainClass, List<String> args) throws IOException {
        Files.createDirectories(LOGS);
        long logOffset = Files.exists(log(name)) ? Files.size(log(name)) : 0;
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("CHAT_"));
        env.putAll(LocalServices.environment());
        env.put(mainClass.startsWith("dev.chatservice.http.") ? "CHAT_HTTP_PORT" : "CHAT_HEALTH_PORT",
                Integer.toString(Math.max(port, 0)));
        Process process = builder.start();
        // Should the test JVM die first, its nodes must not live on holding ports and queues.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new Node(name, port, process, logOffset);
    }

    static Path log(String name) {
        return LOGS.resolve(name + ".log");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether the node's /readyz answers 200 now. */
    boolean isReady() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log(name).toAbsolutePath());
            }
            try {
                int status = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within 90 s; see " + log(name).toAbsolutePath());
    }

    private void awaitLog(String line) throws InterruptedException, IOException {
        File file = log(name).toFile();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + file.getAbsolutePath());
            }
            String text = Files.exists(file.toPath()) ? Files.readString(file.toPath()) : "";
            if (text.length() > logOffset && text.substring((int) logOffset).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + line + "' within 90 s; see " + file);
    }

    /** Kills the process at once, as {@code kill -9} does: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the process to stop (SIGTERM) and waits for it; its exit status, or -1 if it had to be killed. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        terminate();
    }
}
