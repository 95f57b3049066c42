package dev.chatservice.rabbitmq;

import dev.chatservice.domain.command.Command;

/** A delivered command a shard consumer holds unacknowledged, and how often it failed alone in a batch. */
final class HeldCommand {
    final long tag;
    final Command command;
    /** The id of the HTTP request that published it, or null. */
    final String requestId;
    int failures;

    HeldCommand(long tag, Command command, String requestId) {
        this.tag = tag;
        this.command = command;
        this.requestId = requestId;
    }
}
