package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.NumberCeilings;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promises every {@link NumberCeilings} keeps; each implementation's test extends this class. */
public abstract class AbstractNumberCeilingsTest {

    protected NumberCeilings store;
    private ApplicationToken token;
    private ChatRef chat;

    protected abstract NumberCeilings newCeilings() throws Exception;

    @BeforeEach
    void setUpCeilings() throws Exception {
        store = newCeilings();
        token = token();
        chat = chat(token, 1);
    }

    @Test
    void reserveChatNumbers_repeated_raisesCeilingByCount() {
        long first = store.reserveChatNumbers(token, 100);
        assertEquals(first + 100, store.reserveChatNumbers(token, 100));
    }

    @Test
    void reserveMessageNumbers_firstTime_startsAboveImplicitReservation() {
        assertEquals(NumberCeilings.IMPLICIT_MESSAGE_RESERVATION + 50, store.reserveMessageNumbers(chat, 50));
    }

    @Test
    void reserveMessageNumbers_8threadsBy50_neverOverlap() throws Exception {
        List<Integer> ceilings = AbstractNumberAllocatorTest.concurrently(8, 50,
                () -> (int) store.reserveMessageNumbers(chat, 10));
        List<Integer> expected = IntStream.rangeClosed(1, 400)
                .mapToObj(i -> NumberCeilings.IMPLICIT_MESSAGE_RESERVATION + 10 * i).toList();
        assertEquals(expected, ceilings);
    }
}
