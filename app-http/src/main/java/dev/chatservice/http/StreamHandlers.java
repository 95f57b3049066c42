package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeFeed;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The live event routes: a chat's stream and an application's. Each answers problems like every other route
 * until the stream starts, then hands the response to {@link LiveStreams} and frees the request's thread.
 */
final class StreamHandlers {
    static final String CONTENT_TYPE = "text/event-stream";
    /** Seconds a client refused past the cap should wait: streams end over minutes, not milliseconds. */
    private static final String CAP_RETRY_AFTER = "5";

    private final ChatService service;
    private final ChangeFeed feed;
    private final LiveStreams streams;
    private final Requests requests;
    private final Clock clock;

    StreamHandlers(ChatService service, ChangeFeed feed, LiveStreams streams, Requests requests, Clock clock) {
        this.service = service;
        this.feed = feed;
        this.streams = streams;
        this.requests = requests;
        this.clock = clock;
    }

    void chat(Context ctx) {
        ChatRef chat = requests.chat(ctx);
        Optional<String> resume = resumePoint(ctx);
        Optional<Long> since = resume.map(value -> parseSeq(value, resumeField(ctx)));
        service.followChat().follow(chat);
        if (headOnly(ctx)) {
            return;
        }
        admit(ctx);
        long cursor;
        try {
            cursor = since.orElseGet(() -> feed.latestSeq(chat));
        } catch (RuntimeException e) {
            streams.release();
            throw e;
        }
        start(ctx, out -> streams.openChat(out, chat, cursor));
    }

    void application(Context ctx) {
        ApplicationToken token = requests.token(ctx);
        Optional<LiveStreams.Resume> resume = resumePoint(ctx).map(value -> parseChatSeq(value, resumeField(ctx)));
        service.getApplication().get(token);
        if (headOnly(ctx)) {
            return;
        }
        admit(ctx);
        start(ctx, out -> streams.openApplication(out, token, resume, clock.instant()));
    }

    /** A HEAD gets the stream's status and headers, and no stream: it could never send one. */
    private static boolean headOnly(Context ctx) {
        if (!"HEAD".equals(ctx.method().name())) {
            return false;
        }
        ctx.status(200).contentType(CONTENT_TYPE + ";charset=utf-8").header("Cache-Control", "no-cache");
        return true;
    }

    private void admit(Context ctx) {
        if (!streams.admit()) {
            ctx.header("Retry-After", CAP_RETRY_AFTER);
            throw new HttpProblem(503, "too-many-streams", "Too many streams",
                    "this node serves as many live streams as it may; retry shortly", null);
        }
    }

    /** Commits the stream's headers and leaves the response open, owned by the stream, until it ends. */
    private void start(Context ctx, Function<OutputStream, EventStream> open) {
        ctx.status(200);
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setContentType(CONTENT_TYPE);
        ctx.header("Cache-Control", "no-cache");
        // nginx would otherwise buffer the stream.
        ctx.header("X-Accel-Buffering", "no");
        ctx.future(() -> {
            try {
                // The stream lasts until it ends, not until the servlet container's async timeout.
                ctx.req().getAsyncContext().setTimeout(0);
                OutputStream out = ctx.res().getOutputStream();
                EventStream stream = open.apply(out);
                // A first frame commits the headers, so the client sees the stream open at once.
                stream.write(ChangeEvents.heartbeat());
                return stream.finished();
            } catch (IOException | RuntimeException e) {
                streams.release();
                throw new IllegalStateException("the stream could not start: " + e.getMessage(), e);
            }
        });
    }

    /** {@code Last-Event-ID}, which a reconnecting EventSource sends, wins over {@code ?since=}. */
    private static Optional<String> resumePoint(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null) {
            return Optional.of(header);
        }
        return Optional.ofNullable(ctx.queryParam("since"));
    }

    private static String resumeField(Context ctx) {
        return ctx.header("Last-Event-ID") != null ? "Last-Event-ID" : "since";
    }

    /** A chat stream's event id: a seq, 0 or more. */
    static long parseSeq(String value, String field) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpProblem.badParameter(field, field + " must be a chat event id (a seq, 0 or more)");
        }
        return Long.parseLong(trimmed);
    }

    /** An application stream's event id: {@code <chat_number>:<seq>}. */
    static LiveStreams.Resume parseChatSeq(String value, String field) {
        String trimmed = value.strip();
        int colon = trimmed.indexOf(':');
        String chat = colon < 0 ? "" : trimmed.substring(0, colon);
        if (colon < 0 || chat.isEmpty() || chat.length() > 9 || !chat.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(chat) < 1) {
            throw HttpProblem.badParameter(field, field + " must be an application event id: <chat_number>:<seq>");
        }
        long seq = parseSeq(trimmed.substring(colon + 1), field);
        return new LiveStreams.Resume(new ChatNumber(Integer.parseInt(chat)), seq);
    }
}
