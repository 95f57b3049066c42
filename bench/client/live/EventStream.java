package live;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One chat's event stream: dispatches each event at its blank line, as EventSource does. */
final class EventStream implements Flow.Subscriber<String> {
    static final Pattern NUMBER = Pattern.compile("\"number\":(\\d+)");

    private final int chat;
    private final CountDownLatch open;
    private final Deliveries deliveries;
    private final Progress progress;
    private boolean first = true;
    private String type = "message";
    private final StringBuilder data = new StringBuilder();

    EventStream(int chat, CountDownLatch open, Deliveries deliveries, Progress progress) {
        this.chat = chat;
        this.open = open;
        this.deliveries = deliveries;
        this.progress = progress;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (first) {
            first = false;
            open.countDown(); // the node's first frame: the stream is open
        }
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("event:")) {
            type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            type = "message";
            return;
        }
        long now = System.nanoTime();
        if (type.equals("message.created")) {
            Matcher m = NUMBER.matcher(data);
            if (m.find()) {
                deliveries.event(chat, Long.parseLong(m.group(1)), now);
            } else {
                deliveries.unexpectedEvents.incrementAndGet();
            }
        } else {
            deliveries.otherEvents.incrementAndGet();
        }
        type = "message";
        data.setLength(0);
    }

    @Override
    public void onError(Throwable throwable) {
        deliveries.streamsEnded.incrementAndGet();
        progress.say("stream of chat " + chat + " ended: " + throwable);
    }

    @Override
    public void onComplete() {
        deliveries.streamsEnded.incrementAndGet();
        progress.say("stream of chat " + chat + " ended by the node");
    }
}
