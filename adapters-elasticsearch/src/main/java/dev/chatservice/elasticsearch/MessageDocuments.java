package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.StorageKeys.applicationKey;
import static dev.chatservice.elasticsearch.StorageKeys.chatKey;
import static dev.chatservice.elasticsearch.StorageKeys.chatTag;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message update as the bulk operation that writes its document: id {@code <chat key>/<number>}, routed by
 * the chat key, at the message's row version with external versioning, so a stale update loses (409).
 * A removed message becomes a body-less tombstone at its version rather than a real delete, so a late stale
 * create can never bring it back (a real delete's version is forgotten after {@code index.gc_deletes}, 60 s).
 */
final class MessageDocuments {
    private final String alias;

    MessageDocuments(String alias) {
        this.alias = alias;
    }

    /**
     * The message with its body, its words (split and lower-cased by {@link SearchQuery#words} exactly as the
     * in-memory search does) and their grams ({@link SearchQuery#grams}), each prefixed with its chat's tag.
     */
    BulkOperation index(SearchUpdate.IndexMessage update) {
        String chat = chatKey(update.message().chat());
        Map<String, Object> document = document(update.message(), chat, false);
        document.put("body", update.body().value());
        // Shown in hits, never searched: stored, not indexed. Absent for a message posted without one.
        update.sender().ifPresent(sender -> document.put("sender", sender.value()));
        String tag = chatTag(chat);
        document.put("words", SearchQuery.words(update.body().value()).stream().distinct()
                .map(word -> tag + word).toList());
        document.put("grams", SearchQuery.grams(update.body().value()).stream().map(gram -> tag + gram).toList());
        return externallyVersioned(update.message(), chat, update.version(), document);
    }

    BulkOperation tombstone(SearchUpdate.RemoveMessage update) {
        String chat = chatKey(update.message().chat());
        return externallyVersioned(update.message(), chat, update.version(), document(update.message(), chat, true));
    }

    /** @param chat the message's {@link StorageKeys#chatKey}, hashed once per operation by the caller */
    private BulkOperation externallyVersioned(MessageRef message, String chat, long version,
                                              Map<String, Object> document) {
        return BulkOperation.of(op -> op.index(i -> i
                .index(alias)
                .id(chat + "/" + message.message().value())
                .routing(chat)
                .version(version)
                .versionType(VersionType.External)
                .document(document)));
    }

    private static Map<String, Object> document(MessageRef message, String chat, boolean deleted) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("app", applicationKey(message.chat().application()));
        document.put("chat", chat);
        document.put("number", message.message().value());
        document.put("deleted", deleted);
        return document;
    }
}
