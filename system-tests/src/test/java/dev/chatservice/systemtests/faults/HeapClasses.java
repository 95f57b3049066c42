package dev.chatservice.systemtests.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak needs to explain memory it sees grow: a JVM's live objects by class (jcmd GC.class_histogram, which
 * runs a full collection first), what grew between two of them, and a node's open TCP connections, which hold
 * buffers of their own on the server side.
 */
record HeapClasses(Map<String, long[]> byClass) {

    /** The live objects of one JVM by class: instances and bytes; empty when jcmd could not read them. */
    static HeapClasses of(long pid) {
        String out = Shell.output(Duration.ofSeconds(60), List.of("jcmd", Long.toString(pid), "GC.class_histogram"));
        Map<String, long[]> byClass = new HashMap<>();
        if (out != null) {
            for (String line : out.split("\n")) {
                // "   1:        123456        9876543  java.lang.String (java.base@17)"
                String[] cells = line.trim().split("\\s+");
                if (cells.length >= 4 && cells[0].endsWith(":")) {
                    try {
                        byClass.put(cells[3], new long[] {Long.parseLong(cells[1]), Long.parseLong(cells[2])});
                    } catch (NumberFormatException e) {
                        // a header or footer line
                    }
                }
            }
        }
        return new HeapClasses(byClass);
    }

    /** The {@code top} classes whose live bytes grew most since {@code earlier}, one line each. */
    List<String> growthSince(HeapClasses earlier, int top) {
        return byClass.entrySet().stream()
                .map(e -> {
                    long[] before = earlier.byClass().getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - before[0], e.getValue()[1] - before[1]});
                })
                .filter(e -> e.getValue()[1] > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "%+9.1f KiB %+8d  %s", e.getValue()[1] / 1024.0,
                        e.getValue()[0], e.getKey()))
                .toList();
    }

    /** Established TCP connections whose local port is {@code port} (IPv4 and IPv6), or NaN if unreadable. */
    static double connections(int port) {
        String local = String.format(Locale.ROOT, ":%04X", port);
        long count = 0;
        try {
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] cells = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; st 01 is ESTABLISHED
                    if (cells.length > 3 && cells[1].endsWith(local) && cells[3].equals("01")) {
                        count++;
                    }
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return count;
    }
}
