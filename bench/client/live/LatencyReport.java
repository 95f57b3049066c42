package live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * EventLatency's result: the accepted messages tallied (missing and duplicated events, latencies of the
 * measured ones) and printed as one JSON object on stdout, with a summary line on stderr.
 */
final class LatencyReport {
    /** The run as it was asked for. */
    record Setup(String postBase, String streamBase, int[] chats, double rate, double warmup, double duration,
                 long scheduled) {}

    private int accepted;
    private int missing;
    private int duplicates;
    private int negative;
    private int acceptedMeasured;
    private final int eventsWithoutAnswer;
    private final List<Double> latency = new ArrayList<>();
    private final List<Double> createLatency = new ArrayList<>();

    LatencyReport(Deliveries deliveries) {
        for (Deliveries.Seen s : deliveries.all()) {
            if (!s.answered) {
                continue; // an event whose 202 never came (a POST that timed out here): counted below
            }
            accepted++;
            int n = s.events.get();
            if (n == 0) {
                missing++;
            } else {
                duplicates += n - 1;
            }
            if (s.measured) {
                acceptedMeasured++;
                createLatency.add((s.accepted - s.scheduled) / 1e6);
                if (n > 0) {
                    double ms = (s.event - s.accepted) / 1e6;
                    if (ms < 0) {
                        negative++;
                    }
                    latency.add(ms);
                }
            }
        }
        eventsWithoutAnswer = (int) deliveries.all().stream().filter(s -> !s.answered).count();
    }

    void print(Setup setup, Senders senders, Deliveries deliveries, long tailWaitedNanos, Progress progress) {
        StringBuilder json = new StringBuilder();
        json.append('{');
        Json.field(json, "post_node", Json.quote(setup.postBase())).append(',');
        Json.field(json, "stream_node", Json.quote(setup.streamBase())).append(',');
        Json.field(json, "chats", Arrays.toString(setup.chats()).replace(" ", "")).append(',');
        Json.field(json, "target_rate_per_s", Json.num(setup.rate())).append(',');
        Json.field(json, "warmup_s", Json.num(setup.warmup())).append(',');
        Json.field(json, "duration_s", Json.num(setup.duration())).append(',');
        Json.field(json, "scheduled", Long.toString(setup.scheduled())).append(',');
        Json.field(json, "skipped_sends", Integer.toString(senders.skipped.get())).append(',');
        Json.field(json, "send_lag_max_ms", Json.num(senders.maxLag / 1e6)).append(',');
        Json.field(json, "achieved_rate_per_s", Json.num(acceptedMeasured / setup.duration())).append(',');
        Json.field(json, "answers_by_status", Json.statuses(senders.statuses)).append(',');
        Json.field(json, "post_failures", Integer.toString(senders.failed.get())).append(',');
        Json.field(json, "non_202", Integer.toString(senders.non202())).append(',');
        Json.field(json, "accepted", Integer.toString(accepted)).append(',');
        Json.field(json, "accepted_measured", Integer.toString(acceptedMeasured)).append(',');
        Json.field(json, "missing", Integer.toString(missing)).append(',');
        Json.field(json, "duplicates", Integer.toString(duplicates)).append(',');
        Json.field(json, "events_without_202", Integer.toString(eventsWithoutAnswer)).append(',');
        Json.field(json, "unparsed_created_events", Integer.toString(deliveries.unexpectedEvents.get())).append(',');
        Json.field(json, "other_events", Integer.toString(deliveries.otherEvents.get())).append(',');
        Json.field(json, "streams_ended_early", Integer.toString(deliveries.streamsEnded.get())).append(',');
        Json.field(json, "tail_wait_s", Json.num(tailWaitedNanos / 1e9)).append(',');
        Json.field(json, "events_before_their_202", Integer.toString(negative)).append(',');
        Json.field(json, "latency_ms", Percentiles.json(latency)).append(',');
        Json.field(json, "create_latency_ms", Percentiles.json(createLatency));
        json.append('}');
        System.out.println(json);
        progress.say(String.format(Locale.ROOT, "%d accepted, %d missing, %d duplicates; latency %s",
                accepted, missing, duplicates, Percentiles.json(latency)));
    }
}
