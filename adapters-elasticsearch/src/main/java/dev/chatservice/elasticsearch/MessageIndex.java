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
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The index behind the alias: its creation with the mapping and settings of
 * {@code messages-mappings.json} and {@code messages-settings.json}, refresh, health and deletion. The
 * concrete index is {@code <alias>-v3}; writes go through the alias, so a lost index is never silently
 * auto-created with a dynamic mapping.
 *
 * <p>The mapping indexes only what a query reads: searches find candidates through the chat-tagged
 * {@code words} and {@code grams} keyword fields and the domain verifies and highlights them from the stored
 * body, so the body is kept in {@code _source} without being analysed or indexed, and only the fields a sort
 * reads ({@code chat} and {@code number}, also the index sort) keep doc values; the words and grams stay out
 * of {@code _source} (a rebuild starts from MySQL). Each shard is sorted by chat, then number descending.
 * Those are settings an index cannot change, so an alias found over an index of an older version is
 * {@linkplain #current() outdated}. It keeps serving (it gets the fields writes need, and searches use the
 * grams only if its version has them: {@link #grams()}) until {@link #upgrade} builds the current index beside
 * it and moves the alias.
 */
final class MessageIndex {
    private static final System.Logger LOG = System.getLogger(MessageIndex.class.getName());
    private static final int MAPPING_VERSION = 3;
    /** The first version whose every document has its grams. */
    private static final int GRAMS_SINCE = 2;
    /**
     * What documents written by this version need in the mapping of an index of an older version: v1 lacks the
     * grams field (v2 has it, so there this changes nothing). The older body and doc values stay as they are.
     */
    private static final String OUTDATED_ADDITIONS =
            "{\"properties\":{\"grams\":{\"type\":\"keyword\",\"doc_values\":false}}}";

    private final ElasticClients clients;
    private final String alias;
    private final String concreteIndex;
    private volatile boolean current = true;
    private volatile boolean grams = true;

    MessageIndex(ElasticClients clients, String alias) {
        if (alias == null || !alias.matches("[a-z0-9][a-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("index name must be lower-case letters, digits, '.', '_' or '-'");
        }
        this.clients = clients;
        this.alias = alias;
        this.concreteIndex = alias + "-v" + MAPPING_VERSION;
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
            if (!clients.admin().indices().existsAlias(ExistsAliasRequest.of(r -> r.name(alias))).value()) {
                // One call decides, because an index-exists check also answers for an alias that another process
                // created since the check above: the keys are the concrete indices the name resolves to.
                if (clients.admin().indices().get(g -> g.index(alias).ignoreUnavailable(true)).result()
                        .containsKey(alias)) {
                    throw new IllegalStateException("'" + alias + "' is an index, not an alias; it was probably"
                            + " auto-created by a write. Delete it so the mapped index " + concreteIndex
                            + " can be created behind the alias");
                }
                create(alias);
            }
            Set<String> behind = clients.admin().indices().getAlias(g -> g.name(alias)).result().keySet();
            current = behind.contains(concreteIndex);
            grams = behind.stream().allMatch(name -> version(name) >= GRAMS_SINCE);
            // An older index cannot take the current mapping: it gets only the fields writes need.
            String mapping = current ? resource("mappings") : OUTDATED_ADDITIONS;
            clients.write().indices().putMapping(p -> p.index(alias).withJson(new StringReader(mapping)));
            if (!current) {
                LOG.log(System.Logger.Level.WARNING, "search index " + behind + " behind alias " + alias
                        + " predates " + concreteIndex + ": search works, but "
                        + (grams ? "indexing costs Elasticsearch more CPU per message"
                                 : "slower, and sort=newest costs every match")
                        + ". Run `app-worker reindex` (with the workers stopped) to build " + concreteIndex
                        + " and move the alias to it.");
            }
        } catch (IOException e) {
            throw unavailable("cannot create index " + alias, e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status())) {
                throw unavailable("cannot create index " + alias, e);
            }
            throw new IllegalStateException("cannot create index " + alias + ": " + e.getMessage(), e);
        }
    }

    /** Whether the index behind the alias has the current mapping and settings, as of {@link #ensure()}. */
    boolean current() {
        return current;
    }

    /**
     * Whether every document behind the alias has its grams, as of {@link #ensure()}: true from v2 on, so an
     * outdated v2 index keeps the fast gram queries until the upgrade; queries on a v1 one must do without.
     */
    boolean grams() {
        return grams;
    }

    /** The mapping version in a concrete index's name ({@code <alias>-v<n>}); 0 for a name of no version. */
    private int version(String index) {
        String suffix = index.startsWith(alias + "-v") ? index.substring(alias.length() + 2) : "";
        return suffix.matches("[0-9]{1,9}") ? Integer.parseInt(suffix) : 0;
    }

    /**
     * Moves an outdated alias to the current index: creates it (or takes the one a failed upgrade left) behind
     * a staging alias {@code <alias>-upgrade}, lets {@code fill} write every message through that alias, then
     * swaps the aliases in one step and deletes the old index. Writes to the alias while {@code fill} runs
     * reach only the old index: stop the writers first.
     *
     * @return what {@code fill} returned
     */
    long upgrade(ToLongFunction<String> fill) {
        String staging = alias + "-upgrade";
        try {
            Set<String> behind = clients.admin().indices().getAlias(g -> g.name(alias)).result().keySet();
            create(staging);
            // A failed upgrade may have left the index without its staging alias.
            clients.write().indices().putAlias(a -> a.index(concreteIndex).name(staging).isWriteIndex(true));
            long filled = fill.applyAsLong(staging);
            clients.write().indices().refresh(r -> r.index(concreteIndex));
            clients.write().indices().updateAliases(u -> {
                behind.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(alias))));
                u.actions(a -> a.remove(r -> r.index(concreteIndex).alias(staging)));
                return u.actions(a -> a.add(r -> r.index(concreteIndex).alias(alias).isWriteIndex(true)));
            });
            for (String old : behind) {
                clients.admin().indices().delete(d -> d.index(old).ignoreUnavailable(true));
            }
            current = true;
            grams = true;
            return filled;
        } catch (IOException e) {
            throw unavailable("cannot upgrade index " + alias, e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status())) {
                throw unavailable("cannot upgrade index " + alias, e);
            }
            throw new IllegalStateException("cannot upgrade index " + alias + ": " + e.getMessage(), e);
        }
    }

    /** Creates the current index behind {@code aliasName}; an index of that name already there is kept. */
    private void create(String aliasName) throws IOException {
        String body = "{\"settings\":" + resource("settings") + ",\"mappings\":" + resource("mappings")
                + ",\"aliases\":{\"" + aliasName + "\":{\"is_write_index\":true}}}";
        try {
            clients.write().indices().create(c -> c.index(concreteIndex).withJson(new StringReader(body)));
        } catch (ElasticsearchException e) {
            // Another process created it first; that one carries the same mapping.
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        clients.write().cluster().health(h -> h.index(concreteIndex).waitForStatus(HealthStatus.Yellow)
                .timeout(t -> t.time("30s")));
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
