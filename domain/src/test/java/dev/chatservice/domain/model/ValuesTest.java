package dev.chatservice.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Value objects accept what the API documents and reject everything else. */
class ValuesTest {

    @Test
    void chatNumber_zero_isRejected() {
        assertThrows(InvalidValueException.class, () -> new ChatNumber(0));
    }

    @Test
    void messageNumber_negative_isRejected() {
        assertThrows(InvalidValueException.class, () -> new MessageNumber(-1));
    }

    @Test
    void generate_10000tokens_areUniqueUrlSafeAndFullLength() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String value = ApplicationToken.generate(random).value();
            assertTrue(value.matches("[A-Za-z0-9_-]{32}"), value);
            seen.add(value);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void applicationToken_wrongAlphabet_isRejected() {
        assertThrows(InvalidValueException.class, () -> new ApplicationToken("../../etc/passwd/aaaaaaaaaaaaaaaaa"));
    }

    @Test
    void applicationToken_toString_hidesTheSecret() {
        ApplicationToken token = ApplicationToken.generate(new SecureRandom());
        assertFalse(token.toString().contains(token.value()));
    }

    @Test
    void messageBody_blank_isRejected() {
        assertThrows(InvalidValueException.class, () -> new MessageBody(" \n\t "));
    }

    @Test
    void messageBody_nulCharacter_isRejected() {
        assertThrows(InvalidValueException.class, () -> new MessageBody("a\u0000b"));
    }

    @Test
    void messageBody_loneSurrogate_isRejected() {
        assertThrows(InvalidValueException.class, () -> new MessageBody("a\ud800b"));
    }

    @Test
    void messageBody_emojiAtLimit_isAcceptedByCodePoints() {
        String emoji = "\ud83d\ude00".repeat(MessageBody.MAX_LENGTH);
        assertEquals(emoji, new MessageBody(emoji).value());
    }

    @Test
    void messageBody_overLimit_isRejected() {
        assertThrows(InvalidValueException.class, () -> new MessageBody("x".repeat(MessageBody.MAX_LENGTH + 1)));
    }

    @Test
    void applicationName_rtlText_isAccepted() {
        assertEquals("مرحبا", new ApplicationName("مرحبا").value());
    }

    @Test
    void idempotencyKey_withSpace_isRejected() {
        assertThrows(InvalidValueException.class, () -> new IdempotencyKey("a b"));
    }

    @Test
    void pageRequest_limitOverMax_isRejected() {
        assertThrows(InvalidValueException.class, () -> new PageRequest(0, PageRequest.MAX_LIMIT + 1));
    }
}
