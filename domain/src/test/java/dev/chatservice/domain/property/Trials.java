package dev.chatservice.domain.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a property on seeded random strings and, when one fails, shrinks it to a smallest failing string. The
 * failure names the seed, so {@code -Dproperty.seed=<seed>} replays the run; the default keeps builds the same.
 */
final class Trials {
    static final long SEED = Long.getLong("property.seed", 20_251_125L);
    private static final int MAX_SHRINK_STEPS = 2000;

    private Trials() {}

    static void forAll(int tries, Function<SplittableRandom, String> generator, Consumer<String> property) {
        forAll(tries, generator, input -> true, property);
    }

    /** As above, for a generator that keeps to {@code domain}: shrinking stays inside it too. */
    static void forAll(int tries, Function<SplittableRandom, String> generator, Predicate<String> domain,
                       Consumer<String> property) {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 1; i <= tries; i++) {
            String input = generator.apply(random);
            if (!domain.test(input)) {
                throw new AssertionError("the generator left its domain: " + describe(input));
            }
            Throwable failure = failure(property, input);
            if (failure != null) {
                String smallest = shrink(input, domain, property);
                Throwable smallestFailure = failure(property, smallest);
                throw new AssertionError("try " + i + " of " + tries + " with seed " + SEED + " (replay with "
                        + "-Dproperty.seed=" + SEED + ") failed\n  input:  " + describe(input) + "\n  shrunk: "
                        + describe(smallest) + "\n  because: " + smallestFailure, smallestFailure);
            }
        }
    }

    private static Throwable failure(Consumer<String> property, String input) {
        try {
            property.accept(input);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /** Greedily takes any smaller candidate that still fails, until none does. */
    private static String shrink(String failing, Predicate<String> domain, Consumer<String> property) {
        String current = failing;
        int steps = 0;
        boolean smaller = true;
        while (smaller && steps < MAX_SHRINK_STEPS) {
            smaller = false;
            for (String candidate : candidates(current)) {
                if (++steps > MAX_SHRINK_STEPS) {
                    break;
                }
                if (domain.test(candidate) && failure(property, candidate) != null) {
                    current = candidate;
                    smaller = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Halves and quarters cut out, then single characters cut out or made plain. */
    private static List<String> candidates(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int length = text.length();
        for (int parts : new int[] {2, 4, 16}) {
            int size = Math.max(1, length / parts);
            for (int from = 0; from + size <= length && size < length; from += size) {
                out.add(text.substring(0, from) + text.substring(from + size));
            }
        }
        for (int i = 0; i < length && i < 300; i++) {
            out.add(text.substring(0, i) + text.substring(i + 1));
        }
        for (int i = 0; i < length && i < 300; i++) {
            if (text.charAt(i) != 'a') {
                out.add(text.substring(0, i) + 'a' + text.substring(i + 1));
            }
        }
        return out;
    }

    static String describe(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        text.chars().limit(200).forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                ? Character.toString(c) : String.format("\\u%04x", c)));
        return out.append('"').append(text.length() > 200 ? "…(" + text.length() + " chars)" : "").toString();
    }
}
