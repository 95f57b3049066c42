package dev.chatservice.systemtests.production;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the machine's shared MariaDB through {@code scripts/stack}, as the fault suite does. Only
 * tests run under {@code flock /tmp/chat-servers.lock} may use it, and they must start it again in a finally.
 */
final class LocalMariaDb {
    private static final String HOST = LocalServices.MYSQL_SERVER.split(":")[0];
    private static final int PORT = Integer.parseInt(LocalServices.MYSQL_SERVER.split(":")[1]);

    private LocalMariaDb() {}

    /** Whether the server accepts TCP connections now. */
    static boolean isUp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server through scripts/stack and waits for its port to close. */
    static void stop() throws InterruptedException {
        stack("stop-mysql");
        await(false, 60);
    }

    /**
     * Starts the server through scripts/stack, the one definition of how (as user mysql), unless it is up, and
     * waits until it answers a query. A server still shutting down has closed its port but holds its pid file,
     * so nothing starts yet: it is asked again until the port opens.
     */
    static boolean start() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            if (!isUp()) {
                stack("start-mysql");
            }
            if (await(true, 10) && answers()) {
                return true;
            }
        }
        return false;
    }

    private static boolean answers() {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + LocalServices.MYSQL_SERVER
                + "/?allowPublicKeyRetrieval=true&useSSL=false", LocalServices.MYSQL_USER,
                LocalServices.MYSQL_PASSWORD); Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean await(boolean up, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (isUp() == up) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Runs scripts/stack from the repository (the tests run in system-tests/). */
    private static void stack(String command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("bash", "../scripts/stack", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // Reported by the caller, which finds the port in the wrong state.
        }
    }
}
