package dev.chatservice.domain.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The client-supplied values accept exactly the documented inputs, keep them verbatim, and refuse the rest. */
class ValuePropertiesTest {

    @Test
    void messageBody_anyString_acceptedExactlyWhenDocumented() {
        Trials.forAll(3000, random -> Texts.any(random, MessageBody.MAX_LENGTH),
                text -> acceptedExactlyWhenDocumented(text, MessageBody.MAX_LENGTH, InvalidValueException.Field.MESSAGE_BODY,
                        value -> new MessageBody(value).value()));
    }

    @Test
    void messageBody_validTextOfAnyScript_keptVerbatim() {
        Trials.forAll(1000, random -> Texts.valid(random, MessageBody.MAX_LENGTH),
                text -> documented(text, MessageBody.MAX_LENGTH),
                text -> assertEquals(text, new MessageBody(text).value()));
    }

    @Test
    void applicationName_anyString_acceptedExactlyWhenDocumented() {
        Trials.forAll(3000, random -> Texts.any(random, ApplicationName.MAX_LENGTH),
                text -> acceptedExactlyWhenDocumented(text, ApplicationName.MAX_LENGTH, InvalidValueException.Field.APPLICATION_NAME,
                        value -> new ApplicationName(value).value()));
    }

    @Test
    void applicationName_validTextOfAnyScript_keptVerbatim() {
        Trials.forAll(1000, random -> Texts.valid(random, ApplicationName.MAX_LENGTH),
                text -> documented(text, ApplicationName.MAX_LENGTH),
                text -> assertEquals(text, new ApplicationName(text).value()));
    }

    @Test
    void applicationToken_anyString_acceptedExactlyWhen32UrlSafeCharacters() {
        Pattern documented = Pattern.compile("[A-Za-z0-9_-]{32}");
        Trials.forAll(3000, random -> random.nextBoolean() ? Texts.any(random, 32)
                : ApplicationToken.generate(new java.security.SecureRandom()).value()
                        .substring(0, 28 + random.nextInt(5)) + Texts.any(random, 3), text -> {
            if (documented.matcher(text).matches()) {
                assertEquals(text, new ApplicationToken(text).value());
            } else {
                assertEquals(InvalidValueException.Field.APPLICATION_TOKEN, assertThrows(InvalidValueException.class, () -> new ApplicationToken(text))
                        .field());
            }
        });
    }

    @Test
    void idempotencyKey_anyString_acceptedExactlyWhenPrintableAscii() {
        Trials.forAll(3000, random -> Texts.any(random, 255), text -> {
            boolean documented = !text.isEmpty() && text.length() <= 255
                    && text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
            if (documented) {
                assertEquals(text, new IdempotencyKey(text).value());
            } else {
                assertEquals(InvalidValueException.Field.IDEMPOTENCY_KEY,
                        assertThrows(InvalidValueException.class, () -> new IdempotencyKey(text)).field());
            }
        });
    }

    /**
     * README: 1 to {@code max} characters counted as Unicode code points, not blank, and no control character
     * but tab, CR and LF. A lone surrogate is no character at all: only a JSON escape can carry one in.
     */
    static boolean documented(String text, int max) {
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length < 1 || codePoints.length > max) {
            return false;
        }
        boolean visible = false;
        for (int c : codePoints) {
            boolean loneSurrogate = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
            boolean control = Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
            if (loneSurrogate || control) {
                return false;
            }
            visible |= !Character.isWhitespace(c);
        }
        return visible;
    }

    private static void acceptedExactlyWhenDocumented(String text, int max, InvalidValueException.Field field,
                                                      Function<String, String> construct) {
        if (documented(text, max)) {
            assertEquals(text, construct.apply(text));
        } else {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> construct.apply(text));
            assertEquals(field, e.field());
        }
    }
}
