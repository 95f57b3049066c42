package dev.chatservice.elasticsearch;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.UUID;

/** The Elasticsearch the tests use: {@code CHAT_ELASTICSEARCH_URL}, as started by {@code scripts/elasticsearch}. */
final class TestElasticsearch {
    static final String URL = System.getenv().getOrDefault("CHAT_ELASTICSEARCH_URL", "http://127.0.0.1:9200");

    private TestElasticsearch() {}

    /** A fresh index name, so test runs never see each other's documents. */
    static String uniqueIndex(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** Connects and creates the index, failing (never skipping) with how to start Elasticsearch if it is down. */
    static ElasticMessageSearch open(String index) {
        return open(URL, index);
    }

    /** As {@link #open(String)}, through the nodes of {@code urls} (comma-separated). */
    static ElasticMessageSearch open(String urls, String index) {
        ElasticMessageSearch search = ElasticMessageSearch.connect(urls, index);
        try {
            search.ensureIndex();
        } catch (RuntimeException e) {
            search.close();
            fail("Elasticsearch is not reachable at " + URL + " (" + e.getMessage() + "). Start it with"
                    + " `scripts/elasticsearch start`, or point CHAT_ELASTICSEARCH_URL at a running node.", e);
        }
        return search;
    }
}
