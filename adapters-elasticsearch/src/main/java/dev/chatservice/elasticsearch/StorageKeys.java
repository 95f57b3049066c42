package dev.chatservice.elasticsearch;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The keys a message is stored under. The application token is a secret, so the index holds only its SHA-256;
 * a chat's key routes its documents to one shard and tags its words.
 */
final class StorageKeys {
    private StorageKeys() {}

    /** The application as stored: the SHA-256 of its token in hex, never the secret itself. */
    static String applicationKey(ApplicationToken token) {
        return sha256Hex(token.value());
    }

    /** The routing and filter key of a chat: {@code <application key>/<chat number>}. */
    static String chatKey(ChatRef chat) {
        return applicationKey(chat.application()) + "/" + chat.chat().value();
    }

    /**
     * The prefix of a chat's terms in the {@code words} field: 64 bits of the chat key's hash, then '|'. A
     * collision would only merge two chats' vocabularies; the chat filter still keeps their messages apart.
     */
    static String chatTag(String chatKey) {
        return sha256Hex(chatKey).substring(0, 16) + "|";
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
