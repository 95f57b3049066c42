package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.port.ChangeFeed;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Builds the Javalin server: routes, limits and the problem mapping. */
public final class HttpApi {
    /** Request bodies are capped here; a message body is at most 4,096 characters, so this is ample. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    private HttpApi() {}

    static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // After JavaTimeModule, so that its Instant serializer is the one replaced.
                .addModule(new SimpleModule("iso-instant").addSerializer(Instant.class, new IsoInstantSerializer()))
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Emoji as raw UTF-8, not as escaped surrogate pairs.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
    }

    /** How long a stopping node lets in-flight requests finish. */
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    /** A server with the default settings and meters of its own, always ready: for embedding and tests. */
    public static Javalin create(ChatService service, Optional<String> adminKey) {
        return create(service, HttpSettings.defaults(adminKey), Map.of(), () -> false, new Telemetry());
    }

    /**
     * @param http      the node's settings (its port is not used here: {@code start} takes one)
     * @param readiness named checks of the backing services, each answering quickly
     * @param draining  true once the node is shutting down: it then reports itself unready
     * @param telemetry the process's meters, served at {@code /metrics} with the HTTP meters added
     */
    public static Javalin create(ChatService service, HttpSettings http, Map<String, BooleanSupplier> readiness,
                                 BooleanSupplier draining, Telemetry telemetry) {
        return create(service, http.adminKey(), readiness, draining, telemetry, service.changeFeed(),
                StreamLimits.defaults(http.maxStreams()), new Cors(http.corsOrigins()), Clock.systemUTC());
    }

    /**
     * @param feed the chats' change feeds, which the live streams send (tests pass one they drive); their signals
     *             come through {@link ChatService#changeFanOut()}
     */
    static Javalin create(ChatService service, Optional<String> adminKey, Map<String, BooleanSupplier> readiness,
                          BooleanSupplier draining, Telemetry telemetry, ChangeFeed feed, StreamLimits limits,
                          Cors cors, Clock clock) {
        ObjectMapper mapper = objectMapper();
        Requests requests = new Requests(mapper);
        Responses responses = new Responses(mapper);
        Problems problems = new Problems(mapper);
        ApplicationHandlers applications = new ApplicationHandlers(service, requests, responses, adminKey);
        ChatHandlers chats = new ChatHandlers(service, requests, responses);
        MessageHandlers messages = new MessageHandlers(service, requests, responses);
        ChangeHandlers changes = new ChangeHandlers(service, requests, responses);
        HealthHandlers health = new HealthHandlers(readiness, draining, responses);
        RequestLog requestLog = new RequestLog();
        HttpMetrics metrics = new HttpMetrics(telemetry);
        OpenApiHandlers openApi = new OpenApiHandlers();
        LiveStreams live = new LiveStreams(feed, service, new ChangeEvents(mapper), limits, telemetry.registry());
        StreamHandlers streams = new StreamHandlers(service, feed, live, requests, clock);

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            // Requests block on the publisher confirm; virtual threads make that cheap where the JDK has them.
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            // Javalin's default stop timeout of 0 drops in-flight requests; a stopping node lets them finish.
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
                server.setErrorHandler(new JettyErrors(mapper));
                metrics.bindJetty(server.getThreadPool());
            });
            config.requestLogger.http((ctx, millis) -> {
                metrics.record(ctx, millis);
                requestLog.finish(ctx, millis);
            });
            config.routes.before(requestLog::start);
            config.routes.before(cors::apply);
            config.events.serverStarted(() -> live.start(service.changeFanOut()));
            // Before Jetty waits for in-flight requests, which open streams would be until it gives up.
            config.events.serverStopping(live::shutdown);
            config.events.serverStopped(live::close);
            // Routes that ignore their body must still refuse a huge one, as the ones that read it do.
            config.routes.before(ctx -> {
                if (ctx.contentLength() > MAX_BODY_BYTES) {
                    throw new HttpProblem(413, "payload-too-large", "Payload too large",
                            "the request body exceeds " + MAX_BODY_BYTES + " bytes", null);
                }
                // The servlet API drops a parameter it cannot decode, which would turn ?limit=%zz into no limit.
                String query = ctx.queryString();
                if (query != null && Problems.malformedEscape(query)) {
                    throw HttpProblem.badParameter(null, "the query string holds a malformed percent-escape");
                }
            });

            RouteTable routes = new RouteTable(config.routes);
            routes.get("/livez", health::live);
            routes.get("/readyz", health::ready);
            routes.get("/metrics", metrics::scrape);
            config.staticFiles.enableWebjars();
            routes.get("/openapi.json", openApi::spec);
            routes.get("/docs", openApi::docs);

            String app = "/applications/{token}";
            String chat = app + "/chats/{chat}";
            String message = chat + "/messages/{message}";
            routes.post("/applications", applications::create);
            routes.get("/applications", applications::list);
            routes.get(app, applications::get);
            routes.patch(app, applications::rename);
            routes.put(app, applications::rename);
            routes.delete(app, applications::delete);
            routes.post(app + "/chats", chats::create);
            routes.get(app + "/chats", chats::list);
            routes.get(chat, chats::get);
            routes.delete(chat, chats::delete);
            routes.post(chat + "/messages", messages::create);
            routes.get(chat + "/messages", messages::list);
            // Registered before {message} so that "search" is never read as a message number.
            routes.get(chat + "/messages/search", messages::search);
            routes.get(chat + "/changes", changes::list);
            routes.get(message, messages::get);
            routes.patch(message, messages::update);
            routes.put(message, messages::update);
            routes.delete(message, messages::delete);
            routes.get(chat + "/events", streams::chat);
            routes.get(app + "/events", streams::application);

            config.routes.exception(HttpResponseException.class, problems::handle);
            config.routes.exception(Exception.class, problems::handle);
            config.routes.error(404, "*", ctx -> {
                if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                    problems.javalinResponse(ctx, 404);
                }
            });
            config.routes.error(405, "*", ctx -> {
                ctx.header("Allow", routes.allowed(ctx.path()));
                problems.javalinResponse(ctx, 405);
            });
        });
    }
}
