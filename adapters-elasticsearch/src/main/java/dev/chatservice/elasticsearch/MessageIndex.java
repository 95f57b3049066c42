package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticFailures.retryable;
import static dev.chatservice.elasticsearch.ElasticFailures.unavailable;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.indices.ExistsAliasRequest;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The index behind the alias: its creation with the mapping and settings of
 * {@code messages-mappings.json} and {@code messages-settings.json}, refresh, health and deletion. The
 * concrete index is {@code <alias>-v1}; writes go through the alias with {@code require_alias}, so a lost
 * index is never silently auto-created with a dynamic mapping.
 */
final class MessageIndex {
    private static final String MAPPING_VERSION = "v1";

    private final ElasticClients clients;
    private final String alias;
    private final String concreteIndex;

    MessageIndex(ElasticClients clients, String alias) {
        if (alias == null || !alias.matches("[a-z0-9][a-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("index name must be lower-case letters, digits, '.', '_' or '-'");
        }
        this.clients = clients;
        this.alias = alias;
        this.concreteIndex = alias + "-" + MAPPING_VERSION;
    }

    /** The alias searches and writes go to. */
    String alias() {
        return alias;
    }

    /**
     * Creates the index and its alias if missing, and otherwise applies the mapping to the existing index,
     * which fails if the existing mapping conflicts. Safe to call from many processes at once.
     *
     * @throws DependencyUnavailableException if Elasticsearch cannot be reached
     */
    void ensure() {
        try {
            if (clients.admin().indices().existsAlias(ExistsAliasRequest.of(r -> r.name(alias))).value()) {
                clients.write().indices().putMapping(p -> p.index(alias)
                        .withJson(new StringReader(resource("mappings"))));
                return;
            }
            if (clients.admin().indices().exists(e -> e.index(alias)).value()) {
                throw new IllegalStateException("'" + alias + "' is an index, not an alias; it was probably"
                        + " auto-created by a write. Delete it so the mapped index " + concreteIndex
                        + " can be created behind the alias");
            }
            String body = "{\"settings\":" + resource("settings") + ",\"mappings\":" + resource("mappings")
                    + ",\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}}";
            try {
                clients.write().indices().create(c -> c.index(concreteIndex).withJson(new StringReader(body)));
            } catch (ElasticsearchException e) {
                // Another process created it first; that one carries the same mapping.
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
            clients.write().cluster().health(h -> h.index(alias).waitForStatus(HealthStatus.Yellow)
                    .timeout(t -> t.time("30s")));
        } catch (IOException e) {
            throw unavailable("cannot create index " + alias, e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status())) {
                throw unavailable("cannot create index " + alias, e);
            }
            throw new IllegalStateException("cannot create index " + alias + ": " + e.getMessage(), e);
        }
    }

    /** Whether Elasticsearch answers quickly and the index can serve: a cheap readiness probe. */
    boolean isHealthy() {
        try {
            HealthStatus status = clients.health().cluster()
                    .health(h -> h.index(alias).timeout(t -> t.time("1s"))).status();
            return status == HealthStatus.Green || status == HealthStatus.Yellow;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Makes every applied change visible to searches now, instead of within the 1 s refresh interval. */
    void refresh() {
        try {
            clients.write().indices().refresh(r -> r.index(alias));
        } catch (IOException e) {
            throw unavailable("cannot refresh " + alias, e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status()) || e.status() == 404) {
                throw unavailable("cannot refresh " + alias, e);
            }
            throw new IllegalStateException("refresh rejected: " + e.getMessage(), e);
        }
    }

    /** Deletes the concrete index, and with it the alias. */
    void delete() {
        try {
            clients.admin().indices().delete(d -> d.index(concreteIndex).ignoreUnavailable(true));
        } catch (IOException e) {
            throw unavailable("cannot delete " + concreteIndex, e);
        }
    }

    private static String resource(String name) {
        String path = "messages-" + name + ".json";
        try (InputStream in = MessageIndex.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
