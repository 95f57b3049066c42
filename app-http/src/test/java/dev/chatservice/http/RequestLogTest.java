package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Request ids are accepted or generated and echoed; each request logs one line without its body. */
class RequestLogTest extends ApiTestBase {
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger requestLogger = (Logger) LoggerFactory.getLogger("http.request");

    @BeforeEach
    void capture() {
        captured.start();
        requestLogger.addAppender(captured);
    }

    @AfterEach
    void release() {
        requestLogger.detachAppender(captured);
    }

    private Map<String, String> fields(ILoggingEvent event) {
        return event.getKeyValuePairs().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
    }

    @Test
    void request_withRequestId_echoesIt() {
        Client.Response response = client.sendJson("POST", "/applications", "{\"name\":\"rid\"}",
                Map.of("X-Request-Id", "client-id-42"));
        assertEquals("client-id-42", response.header("x-request-id"));
    }

    @Test
    void request_withoutRequestId_getsGeneratedOne() {
        assertNotNull(client.get("/livez").header("x-request-id"));
    }

    @Test
    void request_withInsaneRequestId_getsGeneratedOne() {
        Client.Response response = client.sendJson("GET", "/livez", null, Map.of("X-Request-Id", "a b<script>"));
        assertFalse(response.header("x-request-id").contains("<"));
    }

    @Test
    void createMessage_logged_oneLineWithRouteTemplateAndNoBody() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        captured.list.clear();
        client.post(chatPath(token, chat) + "/messages", "{\"body\":\"very secret words\"}",
                Map.of("X-Request-Id", "trace-me"));
        server.awaitPersisted();
        List<ILoggingEvent> lines = captured.list.stream()
                .filter(e -> "trace-me".equals(e.getMDCPropertyMap().get(RequestLog.MDC_KEY))).toList();
        assertEquals(1, lines.size());
        Map<String, String> fields = fields(lines.get(0));
        assertEquals("/applications/{token}/chats/{chat}/messages", fields.get("route"));
        assertEquals("202", fields.get("status"));
        assertEquals("POST", fields.get("method"));
        assertTrue(captured.list.stream().noneMatch(e -> e.getFormattedMessage().contains("secret")
                || fields(e).values().stream().anyMatch(v -> v.contains("secret"))));
    }
}
