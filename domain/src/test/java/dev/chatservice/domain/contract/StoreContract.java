package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract tests of the four ports over the same rows share: a fresh store with one application,
 * a chat number in it, and helpers. Each port's promises are checked through the others, so every contract
 * test gets all four.
 */
public abstract class StoreContract {

    /** The four ports of one store, over the same rows. */
    public record Ports(ApplicationRegistry applications, ChatHistory history, ChatLedger ledger, ChangeFeed feed) {

        /** The ports of a store that implements all four. */
        public static <S extends ApplicationRegistry & ChatHistory & ChatLedger & ChangeFeed> Ports of(S store) {
            return new Ports(store, store, store, store);
        }
    }

    protected ApplicationRegistry applications;
    protected ChatHistory history;
    protected ChatLedger ledger;
    protected ChangeFeed feed;
    protected Application application;
    protected ChatRef chat;

    /** A store whose outbox is empty; it may hold other tests' applications. */
    protected abstract Ports newStore() throws Exception;

    @BeforeEach
    void setUpStore() throws Exception {
        Ports store = newStore();
        applications = store.applications();
        history = store.history();
        ledger = store.ledger();
        feed = store.feed();
        application = application("app");
        applications.createApplication(application);
        chat = chat(application.token(), 1);
        drainOutbox();
    }

    protected void drainOutbox() {
        List<PendingIndexing> pending;
        while (!(pending = ledger.pendingIndexing(1000)).isEmpty()) {
            ledger.completeIndexing(pending);
        }
    }

    protected static CreateMessageCommand create(MessageRef ref, String body, Instant at) {
        return new CreateMessageCommand(ref, new MessageBody(body), at);
    }

    protected MessageRef persistedMessage(int number, String body) {
        MessageRef ref = message(chat, number);
        ledger.apply(List.of(new CreateChatCommand(chat, now()), create(ref, body, now())));
        return ref;
    }

    protected List<SearchUpdate> outboxUpdates() {
        return ledger.pendingIndexing(1000).stream().map(PendingIndexing::update).toList();
    }
}
