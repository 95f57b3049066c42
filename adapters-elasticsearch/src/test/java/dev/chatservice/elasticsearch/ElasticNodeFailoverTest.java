package dev.chatservice.elasticsearch;

import dev.chatservice.domain.contract.AbstractMessageSearchTest;
import dev.chatservice.domain.port.MessageSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link MessageSearch} contract through a client given two nodes, the first of them down (a closed port):
 * every kind of request (index creation, bulk writes, refresh, searches, removals) fails over to the live node.
 */
class ElasticNodeFailoverTest extends AbstractMessageSearchTest {
    private static ElasticMessageSearch elastic;

    @BeforeAll
    static void openIndex() {
        String urls = "http://127.0.0.1:" + closedPort() + "," + TestElasticsearch.URL;
        elastic = TestElasticsearch.open(urls, TestElasticsearch.uniqueIndex("test-failover"));
    }

    @AfterAll
    static void dropIndex() {
        if (elastic != null) {
            elastic.deleteIndex();
            elastic.close();
        }
    }

    private static int closedPort() {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected MessageSearch newSearch() {
        return elastic;
    }

    @Override
    protected void refresh() {
        elastic.refresh();
    }
}
