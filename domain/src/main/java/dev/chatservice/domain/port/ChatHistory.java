package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import java.util.Optional;

/**
 * The chats and messages persisted so far, as the API reads them: live ones only. What the {@link ChatLedger}
 * has not applied yet is not here.
 */
public interface ChatHistory {

    /** A live chat. */
    Optional<Chat> findChat(ChatRef chat);

    /** Live chats of an application, by number in the page's direction. */
    Page<Chat> listChats(ApplicationToken application, PageRequest page);

    /** A live message of a live chat. */
    Optional<Message> findMessage(MessageRef message);

    /**
     * Live messages of a live chat, by number in the page's direction; each page is one range of an index,
     * whichever the direction and however long the chat.
     */
    Page<Message> listMessages(ChatRef chat, PageRequest page);
}
