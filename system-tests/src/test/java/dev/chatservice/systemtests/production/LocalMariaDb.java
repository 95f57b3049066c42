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
 * Stops and starts the machine's shared MariaDB the way {@code scripts/stack} starts it, as its own user. Only
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

    /** Shuts the server down through SQL (the test's own credentials) and waits for its port to close. */
    static void stop() throws InterruptedException {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + LocalServices.MYSQL_SERVER
                + "/?allowPublicKeyRetrieval=true&useSSL=false", LocalServices.MYSQL_USER,
                LocalServices.MYSQL_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            // The server may close the connection before it answers.
        }
        await(false, 60);
    }

    /**
     * Starts the server unless it is up, and waits until it answers a query. A server still shutting down has
     * closed its port but holds its pid file, so start-stop-daemon starts nothing: it is asked again until the
     * port opens. Only for a local server on the default port.
     */
    static boolean start() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!isUp()) {
                run("mkdir", "-p", "/run/mysqld");
                run("chown", "mysql:mysql", "/run/mysqld");
                run("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd",
                        "--", "--user=mysql");
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

    private static void run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // Reported by the caller, which finds the port still closed.
        }
    }
}
