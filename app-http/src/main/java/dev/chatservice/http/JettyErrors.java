package dev.chatservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.http.Views.Problem;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before any route (an encoded {@code ..} above the root, a URI or headers too long,
 * a body both chunked and sized) get problem+json like every other error, not Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    private final ObjectMapper mapper;

    JettyErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static String instance(Request request) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String type = switch (code) {
            case 400 -> "malformed-request";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            default -> "http-" + code;
        };
        String title = HttpStatus.getMessage(code);
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new Problem(Problems.TYPE_PREFIX + type, title, code,
                    "the request was refused before it reached the API: " + title.toLowerCase(java.util.Locale.ROOT),
                    instance(request), null));
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
