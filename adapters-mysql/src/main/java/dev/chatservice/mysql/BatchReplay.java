package dev.chatservice.mysql;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.port.SearchUpdate;
import dev.chatservice.mysql.BatchRows.AppliedUpdate;
import dev.chatservice.mysql.BatchRows.ChatState;
import dev.chatservice.mysql.BatchRows.MessageState;

/**
 * Replays a batch's commands on the rows {@link BatchRead} loaded, in memory, with the same rules as the
 * in-memory store: tombstones stay dead, an update id counts once, and each change records its search update.
 */
final class BatchReplay {
    private final BatchRows rows;

    BatchReplay(BatchRows rows) {
        this.rows = rows;
    }

    void replay(Command command) {
        ChatState chat = rows.chats.get(command.chat());
        if (chat == null) {
            return; // a chat only an update or delete of a message refers to: nothing to change
        }
        if (command instanceof CreateMessageCommand create) {
            int number = create.message().message().value();
            if (chat.deleted || chat.messages.containsKey(number)) {
                return;
            }
            MessageState message = new MessageState(null, Rows.sender(create.sender()), create.body().value(), 1,
                    false, create.acceptedAt(), create.acceptedAt());
            chat.messages.put(number, message);
            chat.changed(message);
            chat.messagesCountDelta++;
            rows.outbox.add(new SearchOutbox.Entry(new SearchUpdate.IndexMessage(create.message(), create.sender(),
                    create.body(), 1),
                    create.acceptedAt()));
        } else if (command instanceof UpdateMessageCommand update) {
            if (!chat.appliedUpdates.add(update.id())) {
                return;
            }
            rows.newlyApplied.add(new AppliedUpdate(chat.id, update.id(), update.acceptedAt()));
            MessageState message = liveMessage(chat, update.message().message().value());
            if (message != null) {
                message.body = update.body().value();
                message.updatedAt = update.acceptedAt();
                message.version++;
                chat.changed(message);
                rows.outbox.add(new SearchOutbox.Entry(
                        new SearchUpdate.IndexMessage(update.message(), Rows.sender(message.sender), update.body(),
                                message.version),
                        update.acceptedAt()));
            }
        } else if (command instanceof DeleteMessageCommand delete) {
            MessageState message = liveMessage(chat, delete.message().message().value());
            if (message != null) {
                message.deleted = true;
                message.updatedAt = delete.acceptedAt();
                message.version++;
                chat.changed(message);
                chat.messagesCountDelta--;
                rows.outbox.add(new SearchOutbox.Entry(
                        new SearchUpdate.RemoveMessage(delete.message(), message.version), delete.acceptedAt()));
            }
        } else if (command instanceof DeleteChatCommand delete && !chat.deleted) {
            chat.deleted = true;
            chat.deletedNow = true;
            chat.updatedAt = delete.acceptedAt();
            chat.lastSeq++;
            rows.chatsCountDeltas.merge(rows.applications.get(chat.ref.application()), -1L, Long::sum);
            rows.outbox.add(new SearchOutbox.Entry(new SearchUpdate.RemoveChat(delete.chat()), delete.acceptedAt()));
        }
    }

    private static MessageState liveMessage(ChatState chat, int number) {
        MessageState message = chat.messages.get(number);
        return chat.deleted || message == null || message.deleted ? null : message;
    }
}
