package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticFailures.retryable;
import static dev.chatservice.elasticsearch.ElasticFailures.transportFailure;
import static dev.chatservice.elasticsearch.ElasticFailures.unavailable;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.transport.TransportException;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends bulk requests, resending with backoff the operations that failed for a passing reason. */
final class BulkWriter {
    private static final int MAX_ATTEMPTS = 4;
    private static final long FIRST_BACKOFF_MS = 100;

    private final ElasticsearchClient client;
    private final MessageIndex index;

    /**
     * @param client the client for writes
     * @param index the index to recreate, once, if a bulk finds it gone
     */
    BulkWriter(ElasticsearchClient client, MessageIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * Sends the operations, retrying those that fail for a passing reason (429, 5xx, unreachable) with
     * backoff. A 409 means a newer version is indexed and a 404 on delete means already gone: both done.
     *
     * @return the operations Elasticsearch refused for good (e.g. a mapping conflict), by position, with why
     * @throws DependencyUnavailableException if some still fail for a passing reason
     * @throws IllegalStateException if Elasticsearch refuses the whole request for good
     */
    Map<Integer, String> send(List<BulkOperation> operations) {
        Map<Integer, String> rejected = new LinkedHashMap<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            pending.add(i);
        }
        String lastFailure = "";
        boolean recreated = false;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                if (attempt > MAX_ATTEMPTS) {
                    throw unavailable(pending.size() + " of " + operations.size()
                            + " bulk operations still failing after " + MAX_ATTEMPTS + " attempts: " + lastFailure,
                            null);
                }
                pause(FIRST_BACKOFF_MS << (2 * (attempt - 2)));
            }
            BulkResponse response;
            try {
                List<BulkOperation> batch = pending.stream().map(operations::get).toList();
                response = client.bulk(b -> b.operations(batch).requireAlias(true));
            } catch (TransportException e) {
                // An HTTP error without an Elasticsearch error body, e.g. a 502 from a proxy.
                if (!retryable(e.statusCode())) {
                    throw new IllegalStateException("bulk request rejected: " + e.getMessage(), e);
                }
                lastFailure = e.toString();
                continue;
            } catch (IOException e) {
                // Unreachable or timed out: give up at once rather than hold the caller, who retries later.
                throw unavailable("bulk request failed", e);
            } catch (ElasticsearchException e) {
                if (!retryable(e.status())) {
                    throw new IllegalStateException("bulk request rejected: " + e.getMessage(), e);
                }
                lastFailure = e.getMessage();
                continue;
            } catch (RuntimeException e) {
                throw transportFailure("bulk request failed", e);
            }
            if (!response.errors()) {
                return rejected;
            }
            List<Integer> retry = new ArrayList<>();
            boolean indexMissing = false;
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                int status = item.status();
                if (item.error() == null || status == 409
                        || (status == 404 && item.operationType() == OperationType.Delete)) {
                    continue;
                }
                if (status == 404 && "index_not_found_exception".equals(item.error().type()) && !recreated) {
                    indexMissing = true;
                    retry.add(pending.get(i));
                } else if (retryable(status)) {
                    retry.add(pending.get(i));
                    lastFailure = describe(item);
                } else {
                    rejected.put(pending.get(i), describe(item));
                }
            }
            if (indexMissing) {
                // Someone deleted the index: recreate it (once) rather than stall every later batch.
                index.ensure();
                recreated = true;
            }
            pending = retry;
        }
        return rejected;
    }

    private static String describe(BulkResponseItem item) {
        ErrorCause error = item.error();
        String cause = error == null ? "" : error.type() + ": " + error.reason();
        if (error != null && error.causedBy() != null) {
            cause += " (" + error.causedBy().type() + ": " + error.causedBy().reason() + ")";
        }
        return item.operationType().jsonValue() + " " + item.id() + " -> " + item.status() + " " + cause;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while retrying", e);
        }
    }
}
