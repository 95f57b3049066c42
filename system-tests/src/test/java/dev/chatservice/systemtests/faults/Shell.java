package dev.chatservice.systemtests.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded process runs and waits: nothing the suite starts or waits for may hang it. */
final class Shell {
    private final Path log;

    Shell(Path log) {
        this.log = log;
    }

    /** Runs a command, its output appended to the suite's log; the exit code, or -1 if it outlived timeout. */
    int run(Duration timeout, Map<String, String> env, String... command) {
        long started = System.nanoTime();
        int code = start(timeout, env, command);
        try {
            // One line per command, so that the log tells what ran when and for how long.
            java.nio.file.Files.writeString(log, String.format(java.util.Locale.ROOT, "$ %s -> exit %d after %.1f s%n",
                    String.join(" ", command), code, (System.nanoTime() - started) / 1e9),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a help, not a requirement
        }
        return code;
    }

    private int start(Duration timeout, Map<String, String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    int run(Duration timeout, String... command) {
        return run(timeout, Map.of(), command);
    }

    /** Runs a command and returns its standard output, or null if it failed or outlived timeout. */
    static String output(Duration timeout, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // Small outputs only: read after exit would risk a full pipe, so read first, bounded by the timeout.
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes());
                } catch (IOException e) {
                    return null;
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? reader.get(5, TimeUnit.SECONDS) : null;
        } catch (Exception e) {
            return null;
        }
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls condition every 200 ms until it holds (true) or timeout passes (false). */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(200);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
