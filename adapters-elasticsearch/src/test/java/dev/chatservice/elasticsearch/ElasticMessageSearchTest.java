package dev.chatservice.elasticsearch;

import dev.chatservice.domain.contract.AbstractMessageSearchTest;
import dev.chatservice.domain.port.MessageSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link MessageSearch} contract, kept by {@link ElasticMessageSearch} on a real Elasticsearch. */
class ElasticMessageSearchTest extends AbstractMessageSearchTest {
    private static ElasticMessageSearch elastic;

    @BeforeAll
    static void openIndex() {
        elastic = TestElasticsearch.open(TestElasticsearch.uniqueIndex("test-contract"));
    }

    @AfterAll
    static void dropIndex() {
        if (elastic != null) {
            elastic.deleteIndex();
            elastic.close();
        }
    }

    @Override
    protected MessageSearch newSearch() {
        // One index for the class: every contract test works in chats of a fresh application token.
        return elastic;
    }

    @Override
    protected void refresh() {
        elastic.refresh();
    }
}
