package dev.chatservice.http.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table of hostile requests against {@link Fixture}: each with the one status and problem type it must get.
 * Targets use {A}, {B} and {tokenA}; bodies name their field {F}, filled in per endpoint.
 */
final class HostileCases {
    private static final String JSON = "application/json";

    /** A request and the answer it must get. */
    record Case(String name, String method, String target, Map<String, String> headers, byte[] body, int status,
                String type) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An endpoint that reads a JSON object, and the one field it takes. */
    private record BodyEndpoint(String label, String method, String target, String field) {
        String fill(String template) {
            return template.replace("{F}", field);
        }
    }

    private static final BodyEndpoint CREATE_APPLICATION =
            new BodyEndpoint("create application", "POST", "/applications", "name");
    private static final BodyEndpoint RENAME_PATCH = new BodyEndpoint("rename (PATCH)", "PATCH", "{A}", "name");
    private static final BodyEndpoint RENAME_PUT = new BodyEndpoint("rename (PUT)", "PUT", "{A}", "name");
    private static final BodyEndpoint CREATE_MESSAGE =
            new BodyEndpoint("create message", "POST", "{A}/chats/1/messages", "body");
    private static final BodyEndpoint UPDATE_PATCH =
            new BodyEndpoint("update message (PATCH)", "PATCH", "{A}/chats/1/messages/1", "body");
    private static final BodyEndpoint UPDATE_PUT =
            new BodyEndpoint("update message (PUT)", "PUT", "{A}/chats/1/messages/2", "body");
    private static final List<BodyEndpoint> OTHER_BODY_ENDPOINTS =
            List.of(CREATE_APPLICATION, RENAME_PATCH, RENAME_PUT, UPDATE_PATCH, UPDATE_PUT);

    private final List<Case> cases = new ArrayList<>();

    private HostileCases() {}

    static List<Case> all() {
        HostileCases table = new HostileCases();
        table.malformedJson();
        table.wrongTypesAndFields();
        table.invalidValues();
        table.oversizedBodies();
        table.contentTypes();
        table.pathNumbers();
        table.unknownNumbers();
        table.queryParameters();
        table.tokens();
        table.pathTraversal();
        table.methodsAndRoutes();
        table.idempotencyKeys();
        table.adminKey();
        table.searchQueries();
        table.otherApplication();
        return List.copyOf(table.cases);
    }

    /** Body bytes that are not one JSON object in UTF-8: each goes to create-message and one other endpoint. */
    private void malformedJson() {
        Map<String, Function<BodyEndpoint, byte[]>> bodies = new LinkedHashMap<>();
        for (String text : List.of("{", "{\"{F}\"", "{\"{F}\":", "{\"{F}\":\"abc", "{\"{F}\":\"abc\"",
                "{\"{F}\":\"abc\",}", "{'{F}':'abc'}", "{{F}:\"abc\"}", "{\"{F}\":\"abc\"}}",
                "{\"{F}\":\"abc\"}{\"{F}\":\"x\"}", "{\"{F}\":\"abc\"} trailing", "[{\"{F}\":\"abc\"}]", "\"abc\"",
                "42", "-1", "null", "true", "", " \r\n\t ", "{\"{F}\":\"a\",\"{F}\":\"b\"}",
                "{\"{F}\":\"abc\"/*comment*/}", "{\"{F}\":\"abc\"}//comment", "{\"{F}\":NaN}", "{\"{F}\":Infinity}",
                "{\"{F}\":0x10}", "{\"{F}\":\"\\q\"}", "{\"{F}\":\"\\u12\"}", "{\"{F}\":\"\\uZZZZ\"}",
                "{\"{F}\":\"raw\ttab\"}", "{\"{F}\":\"raw\nnewline\"}", "{\"{F}\":\"raw\u0000nul\"}",
                "{\"{F}\":\"abc\"}\u0000")) {
            bodies.put(printable(text), endpoint -> utf8(endpoint.fill(text)));
        }
        bodies.put("60,000 nested arrays", endpoint -> utf8("[".repeat(60_000)));
        bodies.put("2,000 nested arrays in the field",
                endpoint -> utf8(endpoint.fill("{\"{F}\":" + "[".repeat(2000) + "]".repeat(2000) + "}")));
        bodies.put("10,000 nested objects", endpoint -> utf8("{\"a\":".repeat(10_000)));
        bodies.put("a number of 2,000 digits", endpoint -> utf8(endpoint.fill("{\"{F}\":" + "9".repeat(2000) + "}")));
        bodies.put("a field name of 60,000 characters", endpoint -> utf8("{\"" + "n".repeat(60_000) + "\":1}"));
        Map<String, int[]> invalidUtf8 = new LinkedHashMap<>();
        invalidUtf8.put("C3 28 (bad continuation)", new int[] {0xC3, 0x28});
        invalidUtf8.put("FF", new int[] {0xFF});
        invalidUtf8.put("lone continuation 80", new int[] {0x80});
        invalidUtf8.put("overlong NUL C0 80", new int[] {0xC0, 0x80});
        invalidUtf8.put("overlong '/' C0 AF", new int[] {0xC0, 0xAF});
        invalidUtf8.put("overlong 'A' C1 81", new int[] {0xC1, 0x81});
        invalidUtf8.put("overlong '/' E0 80 AF", new int[] {0xE0, 0x80, 0xAF});
        invalidUtf8.put("encoded surrogate ED A0 80", new int[] {0xED, 0xA0, 0x80});
        invalidUtf8.put("above U+10FFFF F4 90 80 80", new int[] {0xF4, 0x90, 0x80, 0x80});
        invalidUtf8.put("truncated E2 82", new int[] {0xE2, 0x82});
        invalidUtf8.put("five-byte form F8 88 80 80 80", new int[] {0xF8, 0x88, 0x80, 0x80, 0x80});
        invalidUtf8.forEach((label, raw) ->
                bodies.put("invalid UTF-8 " + label, endpoint -> withRawBytes(endpoint, raw)));
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32LE"), StandardCharsets.ISO_8859_1)) {
            // Valid JSON in the wrong encoding; the ISO-8859-1 one carries an é, which alone is not UTF-8.
            bodies.put("JSON in " + charset.name(),
                    endpoint -> endpoint.fill("{\"{F}\":\"caf\u00e9\"}").getBytes(charset));
        }
        int i = 0;
        for (Map.Entry<String, Function<BodyEndpoint, byte[]>> body : bodies.entrySet()) {
            BodyEndpoint other = OTHER_BODY_ENDPOINTS.get(i++ % OTHER_BODY_ENDPOINTS.size());
            for (BodyEndpoint endpoint : List.of(CREATE_MESSAGE, other)) {
                add("malformed " + body.getKey(), endpoint, Map.of("Content-Type", JSON),
                        body.getValue().apply(endpoint), 400, "malformed-body");
            }
        }
    }

    /** Well-formed objects with the field missing, of the wrong type, or beside fields nobody asked for. */
    private void wrongTypesAndFields() {
        List<String> bodies = List.of("{\"{F}\":123}", "{\"{F}\":-1}", "{\"{F}\":1.5}", "{\"{F}\":1e999}",
                "{\"{F}\":true}", "{\"{F}\":false}", "{\"{F}\":null}", "{\"{F}\":[]}", "{\"{F}\":[\"x\"]}",
                "{\"{F}\":{}}", "{\"{F}\":{\"{F}\":\"x\"}}", "{}", "{\"{F}\":\"ok\",\"extra\":1}",
                "{\"{F}\":\"ok\",\"admin\":true}", "{\"{F}\":\"ok\",\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
                "{\"{F}\":\"ok\",\"number\":7}", "{\"{F}\":\"ok\",\"chats_count\":1000}", "{\"{F} \":\"ok\"}",
                "{\"\":\"ok\"}", "{\"{F}\\u0000\":\"ok\"}", "{\"__proto__\":{\"{F}\":\"ok\"}}");
        int i = 0;
        for (String body : bodies) {
            BodyEndpoint other = OTHER_BODY_ENDPOINTS.get(i++ % OTHER_BODY_ENDPOINTS.size());
            for (BodyEndpoint endpoint : List.of(CREATE_MESSAGE, other)) {
                add("wrong field " + printable(body), endpoint, Map.of("Content-Type", JSON),
                        utf8(endpoint.fill(body)), 422, "invalid-field");
            }
        }
        add("field name in upper case", CREATE_APPLICATION, Map.of("Content-Type", JSON),
                utf8("{\"Name\":\"ok\"}"), 422, "invalid-field");
        add("field name in upper case", UPDATE_PATCH, Map.of("Content-Type", JSON), utf8("{\"BODY\":\"ok\"}"), 422,
                "invalid-field");
    }

    /** Strings that are JSON but not a valid name or body: blank, too long, control characters, broken UTF-16. */
    private void invalidValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("empty", "\"\"");
        values.put("a space", "\" \"");
        values.put("whitespace only", "\"\\t\\r\\n \"");
        values.put("ideographic space only", "\"\u3000\"");
        values.put("NUL", "\"\\u0000\"");
        values.put("NUL inside", "\"a\\u0000b\"");
        values.put("SOH", "\"a\\u0001b\"");
        values.put("ANSI escape", "\"\\u001b[31mred\"");
        values.put("DEL", "\"a\\u007f\"");
        values.put("NEL (C1)", "\"a\\u0085b\"");
        values.put("APC (C1)", "\"a\\u009f\"");
        values.put("vertical tab", "\"a\\u000bb\"");
        values.put("lone high surrogate", "\"a\\ud800\"");
        values.put("lone low surrogate", "\"\\udc00a\"");
        values.put("reversed surrogate pair", "\"\\udc00\\ud800\"");
        values.put("half an emoji", "\"hi \\ud83d\"");
        values.forEach((label, json) -> {
            add("value " + label, CREATE_MESSAGE, Map.of("Content-Type", JSON), utf8("{\"body\":" + json + "}"), 422,
                    "invalid-field");
            add("value " + label, CREATE_APPLICATION, Map.of("Content-Type", JSON),
                    utf8("{\"name\":" + json + "}"), 422, "invalid-field");
        });
        add("body of 4,097 characters", CREATE_MESSAGE, Map.of("Content-Type", JSON),
                utf8("{\"body\":\"" + "b".repeat(4097) + "\"}"), 422, "invalid-field");
        add("body of 4,097 emoji", UPDATE_PATCH, Map.of("Content-Type", JSON),
                utf8("{\"body\":\"" + "\uD83D\uDE00".repeat(4097) + "\"}"), 422, "invalid-field");
        add("name of 256 characters", CREATE_APPLICATION, Map.of("Content-Type", JSON),
                utf8("{\"name\":\"" + "n".repeat(256) + "\"}"), 422, "invalid-field");
        add("name of 256 emoji", RENAME_PUT, Map.of("Content-Type", JSON),
                utf8("{\"name\":\"" + "\uD83D\uDE00".repeat(256) + "\"}"), 422, "invalid-field");
        add("name blank", RENAME_PATCH, Map.of("Content-Type", JSON), utf8("{\"name\":\"   \"}"), 422,
                "invalid-field");
        add("body blank", UPDATE_PUT, Map.of("Content-Type", JSON), utf8("{\"body\":\"\"}"), 422, "invalid-field");
    }

    /** Bodies over 64 KiB, with a length or chunked. */
    private void oversizedBodies() {
        String big = "{\"{F}\":\"" + "x".repeat(70_000) + "\"}";
        for (BodyEndpoint endpoint : List.of(CREATE_APPLICATION, RENAME_PATCH, RENAME_PUT, CREATE_MESSAGE,
                UPDATE_PATCH, UPDATE_PUT)) {
            add("70 KB body", endpoint, Map.of("Content-Type", JSON), utf8(endpoint.fill(big)), 413,
                    "payload-too-large");
        }
        add("64 KiB + 1 byte", CREATE_MESSAGE, Map.of("Content-Type", JSON),
                utf8("{\"body\":\"" + "x".repeat(65_537 - 11) + "\"}"), 413, "payload-too-large");
        // Exactly at the limit the body is read, and refused for what it says.
        add("exactly 64 KiB", CREATE_MESSAGE, Map.of("Content-Type", JSON),
                utf8("{\"body\":\"" + "x".repeat(65_536 - 11) + "\"}"), 422, "invalid-field");
        add("1 MiB of zero bytes", CREATE_MESSAGE, Map.of("Content-Type", JSON), new byte[1 << 20], 413,
                "payload-too-large");
        add("100,000 nested arrays", CREATE_APPLICATION, Map.of("Content-Type", JSON), utf8("[".repeat(100_000)),
                413, "payload-too-large");
        add("100,000 nested arrays", CREATE_MESSAGE, Map.of("Content-Type", JSON), utf8("[".repeat(100_000)), 413,
                "payload-too-large");
        Map<String, String> chunked = Map.of("Content-Type", JSON, "Transfer-Encoding", "chunked");
        add("100 KB chunked", CREATE_MESSAGE, chunked, chunk(utf8("{\"body\":\"" + "x".repeat(100_000) + "\"}")),
                413, "payload-too-large");
        add("100 KB chunked", UPDATE_PATCH, chunked, chunk(utf8("{\"body\":\"" + "x".repeat(100_000) + "\"}")),
                413, "payload-too-large");
    }

    /** A valid body under any type but application/json in UTF-8. */
    private void contentTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", "text/plain");
        types.put("text/plain UTF-8", "text/plain; charset=utf-8");
        types.put("application/xml", "application/xml");
        types.put("text/xml", "text/xml");
        types.put("multipart", "multipart/form-data; boundary=XX");
        types.put("form", "application/x-www-form-urlencoded");
        types.put("empty", "");
        types.put("charset=latin1", "application/json; charset=latin1");
        types.put("charset=ISO-8859-1", "application/json; charset=ISO-8859-1");
        types.put("charset=utf-16", "application/json; charset=utf-16");
        types.put("charset=us-ascii", "application/json;charset=us-ascii");
        types.put("charset=utf-8x", "application/json; charset=utf-8x");
        types.put("charset=utf-8-but-not", "application/json; charset=\"utf-8-but-not\"");
        types.put("application/jsonx", "application/jsonx");
        types.put("json", "json");
        types.put("*/*", "*/*");
        types.put("application/*", "application/*");
        types.put("json-patch", "application/json-patch+json");
        types.put("merge-patch", "application/merge-patch+json");
        types.put("text/json", "text/json");
        types.put("javascript", "application/javascript");
        int i = 0;
        for (Map.Entry<String, String> type : types.entrySet()) {
            BodyEndpoint other = OTHER_BODY_ENDPOINTS.get(i++ % OTHER_BODY_ENDPOINTS.size());
            for (BodyEndpoint endpoint : List.of(CREATE_MESSAGE, other)) {
                add("content type " + type.getKey(), endpoint, Map.of("Content-Type", type.getValue()),
                        utf8(endpoint.fill("{\"{F}\":\"ok\"}")), 415, "unsupported-media-type");
            }
        }
        add("no content type", CREATE_MESSAGE, Map.of(), utf8("{\"body\":\"ok\"}"), 415, "unsupported-media-type");
        add("no content type", CREATE_APPLICATION, Map.of(), utf8("{\"name\":\"ok\"}"), 415,
                "unsupported-media-type");
        add("multipart form", CREATE_MESSAGE, Map.of("Content-Type", "multipart/form-data; boundary=XX"),
                utf8("--XX\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhi\r\n--XX--\r\n"), 415,
                "unsupported-media-type");
        add("url-encoded form", CREATE_APPLICATION, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                utf8("name=hi"), 415, "unsupported-media-type");
        add("XML", UPDATE_PUT, Map.of("Content-Type", "application/xml"), utf8("<body>hi</body>"), 415,
                "unsupported-media-type");
    }

    /** Chat and message numbers that are not 1..2147483647 in plain decimal. */
    private void pathNumbers() {
        List<String> values = List.of("0", "00", "-1", "-0", "+1", "2147483648", "4294967297",
                "99999999999999999999", "abc", "1.5", "1e3", "0x1", "%201", "1%20", "%EF%BC%91", "%D9%A3", "NaN",
                "Infinity", "1%3B2", "1,2", "%E2%80%AE1", "1%2F..%2F2", "..%2F1", "1%5C2", "%2e", "%2e%2e", "..",
                "1;x", "search", "1%09");
        List<String[]> chatEndpoints = List.of(new String[] {"GET", "{A}/chats/N", null},
                new String[] {"DELETE", "{A}/chats/N", null}, new String[] {"GET", "{A}/chats/N/messages", null},
                new String[] {"POST", "{A}/chats/N/messages", "{\"body\":\"ok\"}"},
                new String[] {"GET", "{A}/chats/N/messages/search?q=hello", null});
        List<String[]> messageEndpoints = List.of(new String[] {"PATCH", "{A}/chats/1/messages/N", "{\"body\":\"ok\"}"},
                new String[] {"DELETE", "{A}/chats/1/messages/N", null},
                new String[] {"PUT", "{A}/chats/1/messages/N", "{\"body\":\"ok\"}"},
                new String[] {"GET", "{A}/chats/1/messages/N", null});
        int i = 0;
        for (String value : values) {
            String[] chat = chatEndpoints.get(i % chatEndpoints.size());
            String[] message = messageEndpoints.get(i % messageEndpoints.size());
            i++;
            addNumber("chat number " + value, chat, value);
            addNumber("message number " + value, message, value);
        }
    }

    private void addNumber(String name, String[] endpoint, String value) {
        byte[] body = endpoint[2] == null ? null : utf8(endpoint[2]);
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", JSON);
        String target = endpoint[1].replace("/N", "/" + value);
        if (target.endsWith("/messages/search") && endpoint[0].equals("GET")) {
            return; // the search route, not a message number
        }
        add(name, endpoint[0], target, headers, body, 400, "invalid-parameter");
    }

    /** Well-formed numbers that name nothing. */
    private void unknownNumbers() {
        add("largest chat number", "GET", "{A}/chats/2147483647", Map.of(), null, 404, "chat-not-found");
        add("never granted chat", "GET", "{A}/chats/3", Map.of(), null, 404, "chat-not-found");
        add("delete never granted chat", "DELETE", "{A}/chats/3", Map.of(), null, 404, "chat-not-found");
        add("message to never granted chat", "POST", "{A}/chats/3/messages", Map.of("Content-Type", JSON),
                utf8("{\"body\":\"ok\"}"), 404, "chat-not-found");
        add("list never granted chat", "GET", "{A}/chats/3/messages", Map.of(), null, 404, "chat-not-found");
        add("search never granted chat", "GET", "{A}/chats/3/messages/search?q=hello", Map.of(), null, 404,
                "chat-not-found");
        add("largest message number", "GET", "{A}/chats/1/messages/2147483647", Map.of(), null, 404,
                "message-not-found");
        add("update never granted message", "PATCH", "{A}/chats/1/messages/99", Map.of("Content-Type", JSON),
                utf8("{\"body\":\"ok\"}"), 404, "message-not-found");
        add("delete never granted message", "DELETE", "{A}/chats/1/messages/99", Map.of(), null, 404,
                "message-not-found");
    }

    /** Bad limit and cursor values on every paginated list. */
    private void queryParameters() {
        List<String> lists = List.of("{A}/chats?", "{A}/chats/1/messages?", "{A}/chats/1/messages/search?q=hello&",
                "/applications?");
        List<String> limits = List.of("0", "-1", "201", "2147483648", "abc", "1.5", "", "%205", "1e2", "0x10",
                "10abc", "%EF%BC%95", "%zz", "5%", "%4");
        int i = 0;
        for (String limit : limits) {
            for (int k = 0; k < 2; k++) {
                String list = lists.get(i++ % lists.size());
                add("limit=" + limit + " on " + list, "GET", list + "limit=" + limit, admin(list), null, 400,
                        "invalid-parameter");
            }
        }
        add("limit without value", "GET", "{A}/chats?limit", Map.of(), null, 400, "invalid-parameter");
        List<String> cursors = List.of("-1", "abc", "2147483648", "1.5", "", "1e3", "%2e%2e%2F");
        for (String cursor : cursors) {
            for (int k = 0; k < 2; k++) {
                String list = lists.get(i++ % lists.size());
                add("cursor=" + cursor + " on " + list, "GET", list + "cursor=" + cursor, admin(list), null, 400,
                        "invalid-parameter");
            }
        }
        for (String query : List.of("before=2&after=1", "after=1&around=2", "around=1&before=2", "cursor=1&after=1",
                "before=1&before=2&around=1", "order=sideways", "around=0")) {
            add("history " + query, "GET", "{A}/chats/1/messages?" + query, Map.of(), null, 400, "invalid-parameter");
        }
        for (String since : List.of("-1", "abc", "1e3", "", "99999999999999999999", "999999999")) {
            add("since=" + since, "GET", "{A}/chats/1/changes?since=" + since, Map.of(), null, 400,
                    "invalid-parameter");
        }
        add("search cursor past the window", "GET", "{A}/chats/1/messages/search?q=hello&cursor=10001", Map.of(), null,
                400, "invalid-parameter");
    }

    /** Tokens of the wrong length or alphabet, or nobody's: all name no application. */
    private void tokens() {
        List<String> tokens = List.of("{tokenA:short}", "{tokenA:long}", "{tokenA:flipped}", "{tokenA:dot}",
                "{tokenA:plus}", "{tokenA:equals}", "{tokenA:bang}", "{tokenA:tilde}", "{tokenA:slash}",
                "%C3%A9".repeat(32), "{tokenA}%20", "A".repeat(32), "null", "undefined", "*", "{tokenA}%0A",
                "%E2%80%AE" + "A".repeat(31));
        List<String[]> endpoints = List.of(new String[] {"GET", "/applications/T", null},
                new String[] {"DELETE", "/applications/T", null},
                new String[] {"PATCH", "/applications/T", "{\"name\":\"stolen\"}"},
                new String[] {"POST", "/applications/T/chats", null},
                new String[] {"GET", "/applications/T/chats", null},
                new String[] {"DELETE", "/applications/T/chats/1", null},
                new String[] {"POST", "/applications/T/chats/1/messages", "{\"body\":\"stolen\"}"},
                new String[] {"PATCH", "/applications/T/chats/1/messages/1", "{\"body\":\"stolen\"}"});
        int i = 0;
        for (String token : tokens) {
            for (int k = 0; k < 2; k++) {
                String[] endpoint = endpoints.get(i++ % endpoints.size());
                byte[] body = endpoint[2] == null ? null : utf8(endpoint[2]);
                // Malformed or well-formed, a token that names nothing is an unknown application on every route.
                add("token " + token + " on " + endpoint[0] + " " + endpoint[1], endpoint[0],
                        endpoint[1].replace("/T", "/" + token), body == null ? Map.of() : Map.of("Content-Type", JSON),
                        body, 404, "application-not-found");
            }
        }
    }

    /** Dot segments and encoded separators: never a way out of the route or into another resource. */
    private void pathTraversal() {
        add("dot segments up to the root", "GET", "{A}/chats/1/../../../applications", Map.of(), null, 404,
                "not-found");
        add("dot segment after a message", "GET", "{A}/chats/1/messages/1/..", Map.of(), null, 404, "not-found");
        add("dot segment after a message (DELETE)", "DELETE", "{A}/chats/1/messages/1/..", Map.of(), null, 404,
                "not-found");
        add("single dot before the token", "GET", "/applications/./{tokenA}", Map.of(), null, 404, "not-found");
        add("single dot after the token", "GET", "{A}/./chats", Map.of(), null, 404, "not-found");
        add("encoded dots as a chat", "GET", "{A}/chats/%2e%2e/1", Map.of(), null, 404, "not-found");
        add("encoded slashes to /etc/passwd", "GET", "/applications/..%2F..%2Fetc%2Fpasswd", Map.of(), null, 404,
                "application-not-found");
        add("encoded slash after the token", "GET", "{A}%2Fchats", Map.of(), null, 404, "application-not-found");
        add("encoded slashes to a chat", "DELETE", "{A}%2Fchats%2F1", Map.of(), null, 404,
                "application-not-found");
        add("encoded backslashes", "GET", "{A}%5C..%5Cchats", Map.of(), null, 404, "application-not-found");
        add("path parameter on the token", "GET", "/applications/{tokenA};x=y/chats", Map.of(), null, 404,
                "application-not-found");
        add("doubled leading slash", "GET", "//applications", Map.of(), null, 404, "not-found");
        add("doubled slash before a chat", "GET", "{A}/chats//1", Map.of(), null, 404, "not-found");
        add("doubled slash (DELETE)", "DELETE", "{A}//chats/1", Map.of(), null, 404, "not-found");
        // Jetty does not decode a segment's ";parameters"; a broken escape there once made a 500.
        add("bare % in a path parameter of a chat", "GET", "{A}/chats/1;%", Map.of(), null, 400, "invalid-parameter");
        add("broken escape in a path parameter of a chat", "DELETE", "{A}/chats/1;%zz", Map.of(), null, 400,
                "invalid-parameter");
        add("broken escape in a path parameter of the token", "GET", "{A};x=%", Map.of(), null, 400,
                "invalid-parameter");
        add("broken escape in a path parameter of a message", "PATCH", "{A}/chats/1/messages/1;%4",
                Map.of("Content-Type", JSON), utf8("{\"body\":\"changed\"}"), 400, "invalid-parameter");
        add("broken escape in a path parameter before the chats", "POST", "/applications/x;%/chats", Map.of(), null,
                400, "invalid-parameter");
        add("escaped % in a path parameter", "GET", "{A}/chats/1;%25", Map.of(), null, 400, "invalid-parameter");
    }

    /** Methods a route does not take, and routes that do not exist. */
    private void methodsAndRoutes() {
        String[][] notAllowed = {{"PATCH", "/applications"}, {"DELETE", "/applications"}, {"PUT", "/applications"},
                {"POST", "{A}"}, {"PUT", "{A}/chats"}, {"PATCH", "{A}/chats"}, {"DELETE", "{A}/chats"},
                {"POST", "{A}/chats/1"}, {"PATCH", "{A}/chats/1"}, {"PUT", "{A}/chats/1"},
                {"POST", "{A}/chats/1/messages/1"}, {"DELETE", "{A}/chats/1/messages"},
                {"POST", "{A}/chats/1/messages/search"}, {"TRACE", "/applications"}, {"OPTIONS", "{A}"},
                {"PROPFIND", "{A}"}, {"FOO", "{A}/chats"}};
        for (String[] request : notAllowed) {
            add(request[0] + " " + request[1], request[0], request[1], Map.of(), null, 405, "method-not-allowed");
        }
        add("PATCH /applications with a body", "PATCH", "/applications", Map.of("Content-Type", JSON),
                utf8("{\"name\":\"x\"}"), 405, "method-not-allowed");
        for (String target : List.of("/", "/admin", "/.env", "/actuator/health", "/applications.json", "/APPLICATIONS",
                "{A}/chatz", "{A}/chats/1/messages/1/extra", "{A}/chats/1/messages/search/x",
                "{A}/chats/1/messages/1/body")) {
            add("no route " + target, "GET", target, Map.of(), null, 404, "not-found");
        }
    }

    /** A spent key with another body, and keys that are not 1-255 printable ASCII characters. */
    private void idempotencyKeys() {
        for (String body : List.of("tampered", Fixture.FIRST_BODY + " ", "Hello world", Fixture.FIRST_BODY + "\n")) {
            add("spent key with body " + printable(body), "POST", "{A}/chats/1/messages",
                    Map.of("Content-Type", JSON, "Idempotency-Key", Fixture.KEY),
                    utf8("{\"body\":" + Wire.quote(body) + "}"), 422, "idempotency-key-reused");
        }
        List<String> keys = List.of("", "a b", "k".repeat(256), "caf\u00e9", "a\tb", "\u00ff\u00fe");
        for (String key : keys) {
            add("key " + printable(key) + " on a chat", "POST", "{A}/chats", Map.of("Idempotency-Key", key), null, 400,
                    "invalid-parameter");
            add("key " + printable(key) + " on a message", "POST", "{A}/chats/1/messages",
                    Map.of("Content-Type", JSON, "Idempotency-Key", key), utf8("{\"body\":\"ok\"}"), 400,
                    "invalid-parameter");
        }
    }

    /** The listing of every application, without the admin key. */
    private void adminKey() {
        String key = HostileServer.ADMIN_KEY;
        Map<String, String> authorizations = new LinkedHashMap<>();
        authorizations.put("a wrong key", "Bearer wrong-key-0123456789");
        authorizations.put("the key and more", "Bearer " + key + "x");
        authorizations.put("the key less its first character", "Bearer " + key.substring(1));
        authorizations.put("a lower-case scheme", "bearer " + key);
        authorizations.put("basic auth", "Basic " + Base64.getEncoder().encodeToString(("admin:" + key).getBytes(
                StandardCharsets.UTF_8)));
        authorizations.put("no space", "Bearer" + key);
        authorizations.put("two spaces", "Bearer  " + key);
        authorizations.put("an empty value", "");
        authorizations.put("another scheme", "Token " + key);
        authorizations.put("the bare key", key);
        authorizations.put("an application token", "Bearer {tokenA}");
        add("list applications without a key", "GET", "/applications", Map.of(), null, 401, "unauthorized");
        add("list applications with the key in the query", "GET", "/applications?key=" + key, Map.of(), null, 401,
                "unauthorized");
        authorizations.forEach((label, value) -> add("list applications with " + label, "GET", "/applications",
                Map.of("Authorization", value), null, 401, "unauthorized"));
    }

    /** Queries with no letter or digit (query syntax alone), too long, or of too many words. */
    private void searchQueries() {
        List<String> queries = List.of("", "%20%20%20", "*:*", "*", "?", "%22", "%5C", "(", ")(", "%26%26%7C%7C!",
                "~%5E", "/.*/", "%7B%7D%5B%5D", ":", "--", ";", "'", "%00", "%2B-", "%3C%3E", "%E2%80%AE", "_",
                "%C2%A0", "%F0%9F%98%80", "%7B%7D%3A%5B%5D%2F%2F", "a".repeat(201), "a%20".repeat(100) + "bb",
                "w1+w2+w3+w4+w5+w6+w7+w8+w9+w10+w11");
        for (String q : queries) {
            add("q=" + (q.length() > 40 ? q.substring(0, 40) + "…(" + q.length() + ")" : q), "GET",
                    "{A}/chats/1/messages/search?q=" + q, Map.of(), null, 400, "invalid-parameter");
        }
        add("search without q", "GET", "{A}/chats/1/messages/search", Map.of(), null, 400, "invalid-parameter");
    }

    /** B's token on what only A has: B sees and changes nothing of A's. */
    private void otherApplication() {
        add("B reads A's chat 2", "GET", "{B}/chats/2", Map.of(), null, 404, "chat-not-found");
        add("B lists A's chat 2", "GET", "{B}/chats/2/messages", Map.of(), null, 404, "chat-not-found");
        add("B searches A's chat 2", "GET", "{B}/chats/2/messages/search?q=hello", Map.of(), null, 404,
                "chat-not-found");
        add("B reads A's message 1 of chat 2", "GET", "{B}/chats/2/messages/1", Map.of(), null, 404,
                "chat-not-found");
        add("B posts to A's chat 2", "POST", "{B}/chats/2/messages", Map.of("Content-Type", JSON),
                utf8("{\"body\":\"intruder\"}"), 404, "chat-not-found");
        add("B updates A's message in chat 2", "PATCH", "{B}/chats/2/messages/1", Map.of("Content-Type", JSON),
                utf8("{\"body\":\"intruder\"}"), 404, "chat-not-found");
        add("B deletes A's message in chat 2", "DELETE", "{B}/chats/2/messages/1", Map.of(), null, 404,
                "chat-not-found");
        add("B deletes A's chat 2", "DELETE", "{B}/chats/2", Map.of(), null, 404, "chat-not-found");
        add("B reads a message only A has", "GET", "{B}/chats/1/messages/2", Map.of(), null, 404,
                "message-not-found");
        add("B updates a message only A has", "PUT", "{B}/chats/1/messages/3", Map.of("Content-Type", JSON),
                utf8("{\"body\":\"intruder\"}"), 404, "message-not-found");
        add("B deletes a message only A has", "DELETE", "{B}/chats/1/messages/2", Map.of(), null, 404,
                "message-not-found");
    }

    private static Map<String, String> admin(String list) {
        return list.startsWith("/applications?")
                ? Map.of("Authorization", "Bearer " + HostileServer.ADMIN_KEY) : Map.of();
    }

    private void add(String name, BodyEndpoint endpoint, Map<String, String> headers, byte[] body, int status,
                     String type) {
        add(name + " → " + endpoint.label(), endpoint.method(), endpoint.target(), headers, body, status, type);
    }

    private void add(String name, String method, String target, Map<String, String> headers, byte[] body,
                     int status, String type) {
        cases.add(new Case(name, method, target, headers, body, status, type));
    }

    /** {"field":"a<raw bytes>b"}. */
    private static byte[] withRawBytes(BodyEndpoint endpoint, int[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(endpoint.fill("{\"{F}\":\"a")));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(utf8("b\"}"));
        return out.toByteArray();
    }

    static byte[] chunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(Integer.toHexString(body.length) + "\r\n"));
        out.writeBytes(body);
        out.writeBytes(utf8("\r\n0\r\n\r\n"));
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A readable test name: controls and non-ASCII as escapes, long text cut. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(60).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
                : String.format("\\u%04x", c)));
        return text.length() > 60 ? out + "…(" + text.length() + ")" : out.toString();
    }
}
