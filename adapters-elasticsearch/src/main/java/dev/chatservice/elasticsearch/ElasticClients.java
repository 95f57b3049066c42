package dev.chatservice.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;

/**
 * The connection pool to Elasticsearch, with one client per kind of request, each bounded by how long that
 * kind may wait without a byte.
 */
final class ElasticClients implements AutoCloseable {
    /** Connecting, and waiting for a pooled connection, each give up early enough for a 503 within the API's 1 s. */
    private static final int CONNECT_TIMEOUT_MS = 500;
    /** Start-up checks and test clean-up give up after 2 s without a byte. */
    private static final int SOCKET_TIMEOUT_MS = 2_000;
    /**
     * A search gives up after 750 ms without a byte, as a MySQL read does, so its 503 comes within the API's
     * 1 s: a starting node answers searches with its own 503 ("all shards failed") only close to that second.
     */
    private static final int SEARCH_TIMEOUT_MS = 750;
    private static final int HEALTH_TIMEOUT_MS = 1_500;
    private static final int WRITE_TIMEOUT_MS = 30_000;

    private final RestClient restClient;
    private final ElasticsearchClient admin;
    private final ElasticsearchClient health;
    private final ElasticsearchClient search;
    private final ElasticsearchClient write;

    private ElasticClients(RestClient restClient) {
        ObjectMapper mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper(mapper));
        this.restClient = restClient;
        this.admin = new ElasticsearchClient(transport);
        this.health = withSocketTimeout(admin, HEALTH_TIMEOUT_MS);
        this.search = withSocketTimeout(admin, SEARCH_TIMEOUT_MS);
        this.write = withSocketTimeout(admin, WRITE_TIMEOUT_MS);
    }

    /** Opens a pool to {@code urls} (comma-separated) without touching the server. */
    static ElasticClients connect(String urls) {
        HttpHost[] hosts = Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> HttpHost.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
                .toArray(HttpHost[]::new);
        if (hosts.length == 0) {
            throw new IllegalArgumentException("no Elasticsearch URL given");
        }
        RestClient restClient = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout(CONNECT_TIMEOUT_MS)
                        .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS)
                        .setSocketTimeout(SOCKET_TIMEOUT_MS))
                // No auth cache: the low-level client seeds one with a BasicScheme per node, and Apache's
                // BasicAuthCache hands it out by Java deserialization on every request, a cost on every
                // search. The service sends no credentials to Elasticsearch, so there is nothing to cache.
                .setHttpClientConfigCallback(http -> http.setMaxConnTotal(64).setMaxConnPerRoute(64)
                        .disableAuthCaching())
                .build();
        return new ElasticClients(restClient);
    }

    private static ElasticsearchClient withSocketTimeout(ElasticsearchClient client, int socketTimeoutMs) {
        // A request's RequestConfig replaces the client's default whole, so it repeats the connect timeouts.
        RequestOptions options = RequestOptions.DEFAULT.toBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS)
                .setSocketTimeout(socketTimeoutMs)
                .build()).build();
        return client.withTransportOptions(new RestClientOptions(options, false));
    }

    /** For start-up checks and test clean-up. */
    ElasticsearchClient admin() {
        return admin;
    }

    /** For the readiness probe. */
    ElasticsearchClient health() {
        return health;
    }

    /** For searches, which must answer within the API's 1 s. */
    ElasticsearchClient search() {
        return search;
    }

    /** For bulks, refreshes, removal scans and index creation, which a loaded node can take longer to answer. */
    ElasticsearchClient write() {
        return write;
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
