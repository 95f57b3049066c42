package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import java.time.Instant;

/**
 * A write accepted by an HTTP node and applied later by a worker. Commands of one chat are
 * applied in the order they were accepted; applying one twice changes nothing.
 */
public sealed interface Command
        permits CreateChatCommand, CreateMessageCommand, UpdateMessageCommand, DeleteMessageCommand, DeleteChatCommand {

    /** The chat the command belongs to: the unit of ordering. */
    ChatRef chat();

    /** When the HTTP node accepted the command. */
    Instant acceptedAt();
}
