package dev.chatservice.systemtests.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One scrape of a node's Prometheus text (/metrics), read by metric name and label fragments. */
final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> lines;

    private Scrape(List<String> lines) {
        this.lines = lines;
    }

    /** The node's metrics, or an empty scrape (every value NaN) if it did not answer within 5 s. */
    static Scrape of(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Scrape(response.statusCode() == 200 ? response.body().lines().toList() : List.of());
        } catch (IOException e) {
            return new Scrape(List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Scrape(List.of());
        }
    }

    /**
     * The sum of the samples of one metric whose labels contain every fragment (e.g. {@code area="heap"}), so
     * that per-pool series add up to the heap; NaN if there is none (or one is NaN, as a gauge whose source is
     * away reports).
     */
    double sum(String name, String... labelFragments) {
        List<Double> values = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            String metric = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (!metric.equals(name)) {
                continue;
            }
            boolean matches = true;
            for (String fragment : labelFragments) {
                matches &= series.contains(fragment);
            }
            if (matches) {
                values.add(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).sum();
    }
}
