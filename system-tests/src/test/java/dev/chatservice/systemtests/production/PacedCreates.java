package dev.chatservice.systemtests.production;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Paced message creation: each chat gets {@code perSecond} creates a second on a fixed schedule (reached over a
 * ramp of a few seconds, while the nodes' JIT warms up), spread over the HTTP nodes. A fixed set of clients on
 * kept-alive connections sends them, so a stalled server makes creates late, not a storm of new connections.
 * Every answer is recorded with the time its create was due.
 */
final class PacedCreates {
    /** A create answered 202: the number granted and the body sent. */
    record Accepted(int chat, int number, String body, long dueAtNanos) {}

    /** A create answered anything else, or not at all. */
    record Refused(int chat, String body, long dueAtNanos, String answer) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 48;
    private static final long RAMP_NANOS = TimeUnit.SECONDS.toNanos(6);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> baseUrls;
    private final String token;
    private final List<Integer> chats;
    private final int perSecond;
    private final Queue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<Refused> refused = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Due> due = new LinkedBlockingQueue<>();
    private final Thread pacer;
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopping;

    private record Due(int chat, String body, int node, long atNanos) {}

    PacedCreates(List<String> baseUrls, String token, List<Integer> chats, int perSecond) {
        this.baseUrls = baseUrls;
        this.token = token;
        this.chats = chats;
        this.perSecond = perSecond;
        this.pacer = new Thread(this::pace, "paced-creates");
        pacer.setDaemon(true);
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(this::send, "paced-client-" + i);
            client.setDaemon(true);
            clients.add(client);
        }
    }

    void start() {
        clients.forEach(Thread::start);
        pacer.start();
    }

    /** Stops scheduling creates and waits (at most a minute) until every due one is answered; whether all were. */
    boolean stop() throws InterruptedException {
        stopping = true;
        pacer.join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread client : clients) {
            client.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return clients.stream().noneMatch(Thread::isAlive);
    }

    List<Accepted> accepted() {
        return new ArrayList<>(accepted);
    }

    List<Refused> refused() {
        return new ArrayList<>(refused);
    }

    private void pace() {
        long started = System.nanoTime();
        long sent = 0;
        while (!stopping) {
            long elapsed = System.nanoTime() - started;
            // Linear ramp to the full rate over RAMP: creates due by now = rate × (elapsed − RAMP/2) past it.
            long target = elapsed < RAMP_NANOS ? perSecond * elapsed / RAMP_NANOS * elapsed / 2_000_000_000L
                    : perSecond * (elapsed - RAMP_NANOS / 2) / 1_000_000_000L;
            for (; sent < target; sent++) {
                for (int chat : chats) {
                    due.add(new Due(chat, "outage c" + chat + " m" + sent, (int) (sent % baseUrls.size()),
                            System.nanoTime()));
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send() {
        while (true) {
            Due next;
            try {
                next = due.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                if (stopping && !pacer.isAlive()) {
                    return;
                }
                continue;
            }
            send(next);
        }
    }

    private void send(Due create) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrls.get(create.node()) + "/applications/"
                            + token + "/chats/" + create.chat() + "/messages"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("body", create.body()))))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted.add(new Accepted(create.chat(), JSON.readTree(response.body()).get("number").asInt(),
                        create.body(), create.atNanos()));
            } else {
                refused.add(new Refused(create.chat(), create.body(), create.atNanos(),
                        response.statusCode() + " " + response.body()));
            }
        } catch (IOException e) {
            refused.add(new Refused(create.chat(), create.body(), create.atNanos(), e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
