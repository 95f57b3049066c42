package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The promises every {@link ApplicationRegistry} keeps; each implementation's test extends this class. */
public abstract class AbstractApplicationRegistryTest extends StoreContract {

    @Test
    void findApplication_created_returnsIt() {
        assertEquals(Optional.of(application), applications.findApplication(application.token()));
    }

    @Test
    void findApplication_unknownToken_isEmpty() {
        assertTrue(applications.findApplication(token()).isEmpty());
    }

    @Test
    void renameApplication_existing_changesNameAndUpdatedAt() {
        Instant later = application.updatedAt().plusSeconds(10);
        Application renamed = applications.renameApplication(application.token(), new ApplicationName("new"), later)
                .orElseThrow();
        assertEquals("new", renamed.name().value());
        assertEquals(later, renamed.updatedAt());
        assertEquals(Optional.of(renamed), applications.findApplication(application.token()));
    }

    @Test
    void renameApplication_unknownToken_isEmpty() {
        assertTrue(applications.renameApplication(token(), new ApplicationName("x"), now()).isEmpty());
    }

    @Test
    void deleteApplication_existing_removesItWithChatsAndMessages() {
        persistedMessage(1, "hello");
        assertTrue(applications.deleteApplication(application.token()));
        assertTrue(applications.findApplication(application.token()).isEmpty());
        assertTrue(history.findChat(chat).isEmpty());
        assertTrue(history.findMessage(message(chat, 1)).isEmpty());
    }

    @Test
    void deleteApplication_existing_recordsSearchRemoval() {
        drainOutbox();
        applications.deleteApplication(application.token());
        assertEquals(List.of(new SearchUpdate.RemoveApplication(application.token())), outboxUpdates());
    }

    @Test
    void deleteApplication_unknownToken_returnsFalse() {
        assertFalse(applications.deleteApplication(token()));
    }

    @Test
    void listApplications_afterToken_continuesInTokenOrder() {
        for (int i = 0; i < 3; i++) {
            applications.createApplication(application("more" + i));
        }
        List<Application> all = new ArrayList<>();
        Optional<ApplicationToken> after = Optional.empty();
        List<Application> page;
        while (!(page = applications.listApplications(after, 2)).isEmpty()) {
            all.addAll(page);
            after = Optional.of(page.get(page.size() - 1).token());
        }
        List<String> tokens = all.stream().map(a -> a.token().value()).toList();
        assertEquals(tokens.stream().sorted().toList(), tokens);
        assertTrue(tokens.contains(application.token().value()));
    }
}
