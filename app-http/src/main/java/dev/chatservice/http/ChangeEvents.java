package dev.chatservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.http.Views.ChatView;
import dev.chatservice.http.Views.MessageView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes changes as {@code text/event-stream} frames. A chat's stream names each event by its seq and sends the
 * message as the REST resource shows it; the application's stream names it {@code <chat_number>:<seq>} and adds
 * {@code chat_number} and {@code seq} to the data, since its events come from many chats.
 */
final class ChangeEvents {
    private final ObjectMapper mapper;

    ChangeEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static String eventName(ChatChange.Kind kind) {
        return switch (kind) {
            case MESSAGE_CREATED -> "message.created";
            case MESSAGE_UPDATED -> "message.updated";
            case MESSAGE_DELETED -> "message.deleted";
            case CHAT_DELETED -> "chat.deleted";
        };
    }

    /** A frame of a chat's own stream. */
    String chatFrame(ChatChange change) {
        return frame(Long.toString(change.seq()), eventName(change.kind()), data(change));
    }

    /** A frame of an application's stream. */
    String applicationFrame(ChatChange change) {
        ObjectNode data = data(change);
        data.put("chat_number", change.chat().value());
        data.put("seq", change.seq());
        return frame(change.chat().value() + ":" + change.seq(), eventName(change.kind()), data);
    }

    /** An application stream's news of a chat accepted a moment ago: the chat as GET shows it, at seq 0. */
    String chatCreatedFrame(Chat chat) {
        ObjectNode data = mapper.valueToTree(ChatView.of(chat));
        data.put("chat_number", chat.number().value());
        data.put("seq", 0);
        return frame(chat.number().value() + ":0", "chat.created", data);
    }

    private ObjectNode data(ChatChange change) {
        if (change.message().isPresent()) {
            return mapper.valueToTree(MessageView.of(change.message().get()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        change.number().ifPresent(number -> fields.put("number", number.value()));
        fields.put("chat_number", change.chat().value());
        fields.put("deleted_at", change.at());
        return mapper.valueToTree(fields);
    }

    private String frame(String id, String event, ObjectNode data) {
        try {
            // JSON never holds a raw line break, so the data fits on one data: line.
            return "id: " + id + "\nevent: " + event + "\ndata: " + mapper.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("views always serialize", e);
        }
    }

    /** A comment line: keeps proxies and clients from timing the stream out. */
    static String heartbeat() {
        return ":\n\n";
    }

    /** Tells the client how long to wait before reconnecting, in milliseconds. */
    static String retry(long millis) {
        return "retry: " + millis + "\n\n";
    }
}
