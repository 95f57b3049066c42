package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The API's instants read exactly as {@link DateTimeFormatter#ISO_INSTANT} writes them. */
class IsoInstantSerializerTest {

    private static void assertSameAsIsoInstant(Instant instant) throws JsonProcessingException {
        assertEquals("\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"",
                HttpApi.objectMapper().writeValueAsString(instant), instant::toString);
    }

    @Test
    void edgesMatchTheFormatter() throws JsonProcessingException {
        for (Instant instant : List.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(0, 1_000_000),
                Instant.ofEpochSecond(0, 100_000_000), Instant.ofEpochSecond(0, 999_999_999),
                Instant.parse("2026-11-25T21:12:03.684Z"), Instant.parse("2024-02-29T23:59:59.010Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.5Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.MIN, Instant.MAX)) {
            assertSameAsIsoInstant(instant);
        }
    }

    @Test
    void randomInstantsMatchTheFormatter() throws JsonProcessingException {
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-70_000_000_000L, 300_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertSameAsIsoInstant(Instant.ofEpochSecond(second, nano));
        }
    }

    @Test
    void viewsUseIt() throws JsonProcessingException {
        Instant at = Instant.parse("2026-11-25T21:12:03.600Z");
        assertEquals("{\"number\":1,\"chat_number\":2,\"sender\":null,\"body\":\"x\","
                        + "\"created_at\":\"2026-11-25T21:12:03.600Z\","
                        + "\"updated_at\":\"2026-11-25T21:12:03.600Z\"}",
                HttpApi.objectMapper().writeValueAsString(new Views.MessageView(1, 2, null, "x", at, at)));
    }
}
