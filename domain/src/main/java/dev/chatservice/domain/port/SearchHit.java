package dev.chatservice.domain.port;

import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import java.util.Objects;

/** A message that matched, with its body HTML-escaped and the matches wrapped in {@code <em>}. */
public record SearchHit(MessageNumber number, MessageBody body, String highlight, double score) {
    public SearchHit {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(highlight, "highlight");
    }
}
