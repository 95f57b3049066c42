package dev.chatservice.domain.port;

import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Sender;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that matched, with its sender if known, and its body HTML-escaped with the matches wrapped in
 * {@code <em>}.
 */
public record SearchHit(MessageNumber number, Optional<Sender> sender, MessageBody body, String highlight,
                        double score) {
    public SearchHit {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(highlight, "highlight");
    }

    /** A hit without a sender. */
    public SearchHit(MessageNumber number, MessageBody body, String highlight, double score) {
        this(number, Optional.empty(), body, highlight, score);
    }
}
