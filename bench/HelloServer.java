import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hello-world baseline of bench/run: Javalin 7 on the same jar, JDK and JVM flags as an HTTP node, with one
 * POST route that reads the request body and answers a small JSON document, and nothing else (no backing
 * service, no request log, no metrics). Run with the Java 11+ single-file launcher:
 *
 * <pre>java $(scripts/stack jvm-options http-0) -cp app-http/target/app-http.jar bench/HelloServer.java PORT</pre>
 *
 * It listens on 127.0.0.1 only. The Javalin settings that could matter for throughput are the node's own
 * (HttpApi): banner off, the same request size limit, and virtual threads only on JDK 21+.
 */
public final class HelloServer {
    private HelloServer() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8189;
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 64 * 1024;
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            config.routes.post("/hello", ctx -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("hello", "world");
                answer.put("received_bytes", ctx.bodyAsBytes().length);
                ctx.status(200).json(answer);
            });
            config.routes.get("/livez", ctx -> ctx.json(Map.of("status", "live")));
        });
        app.start("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        System.out.println("hello server listening on 127.0.0.1:" + port);
    }
}
