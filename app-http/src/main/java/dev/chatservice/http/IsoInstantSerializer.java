package dev.chatservice.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Writes an {@link Instant} exactly as {@link DateTimeFormatter#ISO_INSTANT} does, without the formatter.
 *
 * <p>Why: a message page carries two instants per message, and the formatter (through JavaTimeModule's
 * InstantSerializer) cost more than the rest of the JSON writing on page reads (profile in
 * docs/performance.md). Years outside 0000–9999 go through the formatter, which signs them.
 */
final class IsoInstantSerializer extends StdSerializer<Instant> {
    private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long MAX_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

    IsoInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        char[] text = new char[30];
        int length = format(value, text);
        if (length < 0) {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        } else {
            gen.writeString(text, 0, length);
        }
    }

    /** Writes {@code value} into {@code out} (30 chars suffice); -1 if its year is outside 0000–9999. */
    static int format(Instant value, char[] out) {
        long seconds = value.getEpochSecond();
        if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
            return -1;
        }
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int p = digits(date.getYear(), 4, out, 0);
        out[p++] = '-';
        p = digits(date.getMonthValue(), 2, out, p);
        out[p++] = '-';
        p = digits(date.getDayOfMonth(), 2, out, p);
        out[p++] = 'T';
        p = digits(secondOfDay / 3600, 2, out, p);
        out[p++] = ':';
        p = digits(secondOfDay / 60 % 60, 2, out, p);
        out[p++] = ':';
        p = digits(secondOfDay % 60, 2, out, p);
        int nano = value.getNano();
        // ISO_INSTANT prints the fraction in groups of three digits, as many as it needs, none for zero.
        if (nano != 0) {
            out[p++] = '.';
            if (nano % 1_000_000 == 0) {
                p = digits(nano / 1_000_000, 3, out, p);
            } else if (nano % 1_000 == 0) {
                p = digits(nano / 1_000, 6, out, p);
            } else {
                p = digits(nano, 9, out, p);
            }
        }
        out[p++] = 'Z';
        return p;
    }

    private static int digits(int value, int width, char[] out, int at) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
