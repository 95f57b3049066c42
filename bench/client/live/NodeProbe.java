package live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What IdleStreams reads of the node: its resident memory, and its own count of open streams. */
final class NodeProbe {
    private final long pid;
    private final HttpClient client;
    private final String url;
    private final Progress progress;

    NodeProbe(long pid, HttpClient client, String url, Progress progress) {
        this.pid = pid;
        this.client = client;
        this.url = url;
        this.progress = progress;
    }

    /** The node's resident set (KiB), or -1 when its /proc entry cannot be read. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            progress.say("cannot read the RSS of pid " + pid + ": " + e);
        }
        return -1;
    }

    /** The node's own count of open streams (gauge chat_streams_open of /metrics), or -1. */
    long gauge() {
        try {
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("chat_streams_open")) {
                    return Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            progress.say("cannot read " + url + "/metrics: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }
}
