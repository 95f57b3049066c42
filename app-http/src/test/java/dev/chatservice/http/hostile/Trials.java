package dev.chatservice.http.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property on seeded random input. A failure names the seed, the try and the input, so
 * {@code -Dproperty.seed=<seed>} replays the run exactly; the default seed keeps every build the same.
 */
final class Trials {
    static final long SEED = Long.getLong("property.seed", 20_251_125L);

    private Trials() {}

    static <T> void forAll(int tries, Function<SplittableRandom, T> generator, Consumer<T> property) {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 1; i <= tries; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("try " + i + " of " + tries + " with seed " + SEED + " (replay with "
                        + "-Dproperty.seed=" + SEED + ") failed for input " + describe(input) + ": " + e.getMessage(),
                        e);
            }
        }
    }

    /** A random string over a mix of alphabets a client could send, hostile ones included. */
    static String text(SplittableRandom random, int maxLength) {
        int length = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(4);
            case 1 -> random.nextInt(16);
            default -> random.nextInt(maxLength + 1);
        };
        StringBuilder out = new StringBuilder();
        while (out.codePointCount(0, out.length()) < length) {
            out.appendCodePoint(codePoint(random));
        }
        return out.toString();
    }

    private static final String OPERATORS = "+-&|!(){}[]^\"~*?:\\/'%;,.<>=#@$`_ ";
    private static final List<int[]> RANGES = List.of(
            new int[] {0x20, 0x7e}, new int[] {'0', '9'}, new int[] {'a', 'z'}, new int[] {0x00, 0x1f},
            new int[] {0x7f, 0x9f}, new int[] {0xa0, 0xff}, new int[] {0x0370, 0x03ff}, new int[] {0x0400, 0x04ff},
            new int[] {0x05d0, 0x05ea}, new int[] {0x0600, 0x06ff}, new int[] {0x0900, 0x097f},
            new int[] {0x4e00, 0x4fff}, new int[] {0x0300, 0x036f}, new int[] {0x200b, 0x206f},
            new int[] {0xd800, 0xdfff}, new int[] {0xfdd0, 0xfdef}, new int[] {0xfff0, 0xffff},
            new int[] {0x1f300, 0x1f64f}, new int[] {0x1d400, 0x1d7ff}, new int[] {0x10000, 0x10ffff});

    /** One code point: mostly printable, often an operator, sometimes a control, a lone surrogate or astral. */
    static int codePoint(SplittableRandom random) {
        if (random.nextInt(5) == 0) {
            return OPERATORS.charAt(random.nextInt(OPERATORS.length()));
        }
        int[] range = RANGES.get(random.nextInt(RANGES.size()));
        return range[0] + random.nextInt(range[1] - range[0] + 1);
    }

    /** Percent-encodes the UTF-8 of {@code text}, leaving some characters raw that the path or query allows. */
    static String encode(SplittableRandom random, String text, String rawAllowed) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0);
            if (unreserved || (rawAllowed.indexOf(c) >= 0 && random.nextBoolean())) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String describe(Object input) {
        String text = input instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                : input instanceof Object[] array ? java.util.Arrays.toString(array) : String.valueOf(input);
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(300).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
                : String.format("\\u%04x", c)));
        return out + (text.length() > 300 ? "…(" + text.length() + " chars)" : "");
    }
}
