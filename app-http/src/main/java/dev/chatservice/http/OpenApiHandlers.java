package dev.chatservice.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API's own description: the hand-written {@code openapi.yaml} served as JSON at {@code /openapi.json}, and
 * Swagger UI at {@code /docs}, its assets served from the swagger-ui webjar on the classpath (never fetched).
 */
final class OpenApiHandlers {
    static final String SPEC_RESOURCE = "/openapi.yaml";
    static final String SWAGGER_UI_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    /** Converted once per process, on first use by a server being built, so a broken spec fails startup. */
    private static final class Loaded {
        static final byte[] SPEC_JSON = specJson();
        static final String DOCS_HTML = docsHtml(swaggerUiVersion());
    }

    OpenApiHandlers() {
        if (Loaded.SPEC_JSON.length == 0 || Loaded.DOCS_HTML.isEmpty()) {
            throw new IllegalStateException("the API description is empty");
        }
    }

    void spec(Context ctx) {
        ctx.status(200).contentType("application/json").result(Loaded.SPEC_JSON);
    }

    void docs(Context ctx) {
        ctx.status(200).html(Loaded.DOCS_HTML);
    }

    /** The webjar's assets live under {@code /webjars/swagger-ui/<version>/}. */
    static String swaggerUiAssets() {
        return "/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    static byte[] specJson() {
        try (InputStream in = resource(SPEC_RESOURCE)) {
            // A duplicated key in hand-written YAML would otherwise silently keep the last one.
            YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            JsonNode spec = yaml.readTree(in);
            if (spec == null || !spec.isObject() || !spec.path("openapi").isTextual()) {
                throw new IllegalStateException(SPEC_RESOURCE + " is not an OpenAPI document");
            }
            ObjectMapper json = JsonMapper.builder().build();
            return json.writeValueAsBytes(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SPEC_RESOURCE, e);
        }
    }

    private static String swaggerUiVersion() {
        try (InputStream in = resource(SWAGGER_UI_POM)) {
            Properties pom = new Properties();
            pom.load(in);
            String version = pom.getProperty("version");
            if (version == null || !version.matches("[0-9A-Za-z.+-]+")) {
                throw new IllegalStateException("no usable version in " + SWAGGER_UI_POM + ": " + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SWAGGER_UI_POM, e);
        }
    }

    private static String docsHtml(String version) {
        String assets = "/webjars/swagger-ui/" + version + "/";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>chat-service API</title>
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png" sizes="32x32">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script src="%1$sswagger-ui-standalone-preset.js"></script>
                  <script>
                    window.onload = function () {
                      window.ui = SwaggerUIBundle({
                        url: '/openapi.json',
                        dom_id: '#swagger-ui',
                        deepLinking: true,
                        validatorUrl: null,
                        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                        plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                        layout: 'StandaloneLayout'
                      });
                    };
                  </script>
                </body>
                </html>
                """.formatted(assets);
    }

    private static InputStream resource(String name) {
        InputStream in = OpenApiHandlers.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }
}
