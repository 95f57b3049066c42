package dev.chatservice.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Registers routes with Javalin and remembers them, so that a 405 can name the methods a path allows. */
final class RouteTable {
    private record Route(String method, Pattern path) {}

    private final RoutesConfig routes;
    private final List<Route> registered = new ArrayList<>();

    RouteTable(RoutesConfig routes) {
        this.routes = routes;
    }

    /** GET, and HEAD by the same handler: the server sends a HEAD answer's status and headers without the body. */
    void get(String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
        remember("GET", path);
        remember("HEAD", path);
    }

    void post(String path, Handler handler) {
        routes.post(path, handler);
        remember("POST", path);
    }

    void put(String path, Handler handler) {
        routes.put(path, handler);
        remember("PUT", path);
    }

    void patch(String path, Handler handler) {
        routes.patch(path, handler);
        remember("PATCH", path);
    }

    void delete(String path, Handler handler) {
        routes.delete(path, handler);
        remember("DELETE", path);
    }

    private void remember(String method, String template) {
        String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
        registered.add(new Route(method, Pattern.compile(regex + "/?")));
    }

    /** The methods registered for {@code path}, as an {@code Allow} header value (RFC 9110), e.g. "GET, POST". */
    String allowed(String path) {
        TreeSet<String> methods = new TreeSet<>();
        for (Route route : registered) {
            if (route.path().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        return String.join(", ", methods);
    }
}
