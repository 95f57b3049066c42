package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /openapi.json serves the spec, and /docs is a Swagger UI page whose assets the server serves itself. */
class OpenApiDocsTest extends ApiTestBase {
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    private static List<String> assets(String html) {
        List<String> urls = new ArrayList<>();
        Matcher matcher = ASSET.matcher(html);
        while (matcher.find()) {
            urls.add(matcher.group(1));
        }
        return urls;
    }

    @Test
    void openApiJson_get_returnsTheYamlAsJson() {
        Client.Response response = client.get("/openapi.json");
        assertEquals(200, response.status());
        assertEquals("application/json", response.header("content-type"));
        JsonNode served = response.json();
        assertEquals(OpenApiContract.load().spec, served);
        assertTrue(served.path("openapi").asText().startsWith("3.1."));
    }

    @Test
    void docs_get_returnsSwaggerUiPageForTheSpec() {
        Client.Response response = client.get("/docs");
        assertEquals(200, response.status());
        assertTrue(response.header("content-type").startsWith("text/html"), response.header("content-type"));
        String html = response.text();
        assertTrue(html.contains("SwaggerUIBundle({"), html);
        assertTrue(html.contains("url: '/openapi.json'"), html);
        String assets = OpenApiHandlers.swaggerUiAssets();
        assertTrue(assets.matches("/webjars/swagger-ui/5\\.[0-9]+\\.[0-9]+/"), assets);
        List<String> urls = assets(html);
        assertTrue(urls.contains(assets + "swagger-ui-bundle.js"), urls.toString());
        assertTrue(urls.contains(assets + "swagger-ui.css"), urls.toString());
    }

    @Test
    void docs_everyReferencedAsset_isServedLocally() {
        List<String> urls = assets(client.get("/docs").text());
        assertFalse(urls.isEmpty());
        for (String url : urls) {
            assertTrue(url.startsWith("/webjars/swagger-ui/"), "not served locally: " + url);
            Client.Response asset = client.get(url);
            assertEquals(200, asset.status(), url);
            assertTrue(asset.text().length() > 100, url);
            String type = asset.header("content-type");
            String expected = url.endsWith(".js") ? "javascript" : url.endsWith(".css") ? "text/css" : "image/png";
            assertTrue(type != null && type.contains(expected), url + ": " + type);
        }
    }

    @Test
    void docs_trailingSlash_servesThePage() {
        assertEquals(200, client.get("/docs/").status());
    }

    @Test
    void webjars_unknownAsset_returns404Problem() {
        assertProblem(client.get(OpenApiHandlers.swaggerUiAssets() + "no-such-file.js"), 404, "not-found");
    }
}
