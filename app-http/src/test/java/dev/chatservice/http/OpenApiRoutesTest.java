package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The routes the server registers and the operations the spec documents are the same set. */
class OpenApiRoutesTest {

    /** Javalin's {@code {name}} path parameters are OpenAPI's; its {@code <name>} form maps to the same. */
    private static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>]+)>", "{$1}");
    }

    @Test
    void registeredRoutes_comparedWithSpec_matchExactly() {
        InMemoryChatStore store = new InMemoryChatStore();
        Javalin app = HttpApi.create(ChatService.of(store, store, store, new InMemoryNumberAllocator(),
                new InMemoryCommandQueue(), new InMemoryMessageSearch(), Clock.systemUTC()), Optional.empty());
        TreeSet<String> registered = new TreeSet<>();
        app.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
            Endpoint endpoint = parsed.endpoint;
            if (endpoint.method.isHttpMethod()) {
                registered.add(endpoint.method.name().toUpperCase(Locale.ROOT) + " " + openApiPath(endpoint.path));
            }
        });
        // Every GET route also answers HEAD by the same handler (HTTP's GET without the body); the spec, as
        // is usual, lists the GET only. A HEAD without its GET would be a mistake.
        TreeSet<String> heads = new TreeSet<>();
        registered.removeIf(route -> route.startsWith("HEAD ") && heads.add(route.substring(5)));
        assertTrue(heads.stream().allMatch(path -> registered.contains("GET " + path)), "HEAD without GET: " + heads);
        assertEquals(heads.size(), registered.stream().filter(route -> route.startsWith("GET ")).count(),
                "every GET route answers HEAD");
        TreeSet<String> documented = new TreeSet<>();
        OpenApiContract.load().operations().forEach(operation -> documented.add(operation.key()));

        assertTrue(registered.size() > 20, "routes found: " + registered);
        TreeSet<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        TreeSet<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(registered);
        assertEquals(documented, registered,
                "registered but not documented: " + undocumented + "; documented but not registered: " + unserved);
    }
}
