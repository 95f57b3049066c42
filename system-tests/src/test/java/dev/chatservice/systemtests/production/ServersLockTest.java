package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers lock is a real flock, as flock(1) in the scripts sees it, and re-entrant for its holders. */
class ServersLockTest {
    @TempDir
    Path dir;

    /** Exit status of {@code flock -n path true}: 0 if the lock was free, 1 if someone holds it. */
    private static int tryFlock(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("flock", "-n", path.toString(), "true").inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "flock -n returned");
        return process.exitValue();
    }

    @Test
    void acquire_free_excludesFlockUntilClosed() throws Exception {
        Path lock = Files.createFile(dir.resolve("servers.lock"));
        try (ServersLock held = ServersLock.acquire(lock.toString(), Map.of())) {
            assertTrue(held.ownsFlock());
            assertEquals(1, tryFlock(lock), "flock(1) sees the lock held");
        }
        assertEquals(0, tryFlock(lock), "flock(1) sees the lock free again");
    }

    @Test
    void acquire_callerHoldsIt_doesNotLockAgain() throws Exception {
        Path lock = Files.createFile(dir.resolve("servers.lock"));
        // The lock is held elsewhere, as by `flock -o LOCK scripts/test`: a holder's child must not wait for it.
        Process parent = new ProcessBuilder("flock", "-o", lock.toString(), "sh", "-c", "echo held; exec cat").start();
        try {
            assertEquals("held", new String(parent.getInputStream().readNBytes(4)));
            try (ServersLock nested = ServersLock.acquire(lock.toString(), Map.of(ServersLock.HELD, "1"))) {
                assertFalse(nested.ownsFlock());
                assertEquals(1, tryFlock(lock), "still held by the parent");
            }
        } finally {
            parent.getOutputStream().close();
            parent.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(0, tryFlock(lock));
    }
}
