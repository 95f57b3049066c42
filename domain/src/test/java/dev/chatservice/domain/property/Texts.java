package dev.chatservice.domain.property;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/** Random strings over the alphabets clients send, hostile ones included, with lengths near given limits. */
final class Texts {
    /** Characters that some query language gives a meaning to, and other punctuation. */
    static final String OPERATORS = "+-&|!(){}[]^\"~*?:\\/'%;,.<>=#@$`_";
    static final String WHITESPACE = " \t\n\r\u000b\u000c\u00a0\u1680\u2003\u2028\u2029\u202f\u3000\u200b\ufeff";
    private static final List<int[]> RANGES = List.of(
            new int[] {0x20, 0x7e}, new int[] {'0', '9'}, new int[] {'a', 'z'}, new int[] {'A', 'Z'},
            new int[] {0x00, 0x1f}, new int[] {0x7f, 0x9f}, new int[] {0xa0, 0xff}, new int[] {0x0370, 0x03ff},
            new int[] {0x0400, 0x04ff}, new int[] {0x05d0, 0x05ea}, new int[] {0x0600, 0x06ff},
            new int[] {0x0900, 0x097f}, new int[] {0x0e00, 0x0e7f}, new int[] {0x4e00, 0x4fff},
            new int[] {0xac00, 0xad00}, new int[] {0x0300, 0x036f}, new int[] {0x200b, 0x206f},
            new int[] {0xff10, 0xff5a}, new int[] {0xd800, 0xdfff}, new int[] {0xfdd0, 0xfdef},
            new int[] {0xfff0, 0xffff}, new int[] {0x1f300, 0x1f64f}, new int[] {0x1d400, 0x1d7ff},
            new int[] {0x20000, 0x2a6df}, new int[] {0x10000, 0x10ffff}, new int[] {0x0130, 0x0130});

    private Texts() {}

    /** Any string: often short, sometimes around {@code limit} code points, over every alphabet above. */
    static String any(SplittableRandom random, int limit) {
        return ofLength(length(random, limit), () -> codePoint(random));
    }

    /** Strings of valid, visible text in any script, emoji and marks included, whitespace inside. */
    static String valid(SplittableRandom random, int limit) {
        String text = ofLength(Math.max(1, Math.min(limit, length(random, limit))), () -> {
            int c;
            do {
                c = random.nextInt(8) == 0 ? WHITESPACE.charAt(random.nextInt(4)) : codePoint(random);
            } while (c >= 0xd800 && c <= 0xdfff || Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
            return c;
        });
        // A visible first character, so the text is never blank.
        return Character.isWhitespace(text.codePointAt(0)) ? "x" + text.substring(Character.charCount(
                text.codePointAt(0))) : text;
    }

    /** Only operators, punctuation, whitespace, controls and symbols: no letter and no digit. */
    static String noLetterOrDigit(SplittableRandom random, int limit) {
        return ofLength(length(random, limit), () -> {
            int kind = random.nextInt(5);
            return switch (kind) {
                case 0 -> WHITESPACE.charAt(random.nextInt(WHITESPACE.length()));
                case 1 -> random.nextInt(0x20);
                case 2 -> 0x1f300 + random.nextInt(0x350);
                case 3 -> 0x2000 + random.nextInt(0x70);
                default -> OPERATORS.charAt(random.nextInt(OPERATORS.length()));
            };
        });
    }

    /** A word of letters and digits from several scripts. */
    static String word(SplittableRandom random, int maxLength) {
        return ofLength(1 + random.nextInt(maxLength), () -> switch (random.nextInt(6)) {
            case 0 -> '0' + random.nextInt(10);
            case 1 -> 'A' + random.nextInt(26);
            case 2 -> 0x0430 + random.nextInt(32);
            case 3 -> 0x05d0 + random.nextInt(27);
            case 4 -> 0x4e00 + random.nextInt(0x200);
            default -> 'a' + random.nextInt(26);
        });
    }

    static int codePoint(SplittableRandom random) {
        if (random.nextInt(6) == 0) {
            return OPERATORS.charAt(random.nextInt(OPERATORS.length()));
        }
        if (random.nextInt(10) == 0) {
            return WHITESPACE.charAt(random.nextInt(WHITESPACE.length()));
        }
        int[] range = RANGES.get(random.nextInt(RANGES.size()));
        return range[0] + random.nextInt(range[1] - range[0] + 1);
    }

    /** 0 to 3, up to 40, or within two of {@code limit}: where validation has its edges. */
    static int length(SplittableRandom random, int limit) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(4);
            case 1, 2 -> random.nextInt(41);
            case 3 -> Math.max(0, limit - 2 + random.nextInt(5));
            default -> random.nextInt(limit + 3);
        };
    }

    private static String ofLength(int codePoints, IntSupplier next) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            out.appendCodePoint(next.getAsInt());
        }
        return out.toString();
    }
}
