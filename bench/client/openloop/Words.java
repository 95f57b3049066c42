package openloop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

// The words of bench/lua/common.lua corpus_words, so that the client's messages and searches use the words the
// corpus holds.
final class Words {
  private Words() {
  }

  // With a words file ("count word" lines), each word as often as in that text; otherwise the fixed made-up
  // vocabulary, all words equally likely.
  static Supplier<String> corpus(String wordsFile, int vocabularySize, Random random) throws IOException {
    if (wordsFile.isEmpty()) {
      List<String> words = vocabulary(vocabularySize);
      return () -> words.get(random.nextInt(words.size()));
    }
    TreeMap<Long, String> cumulative = new TreeMap<>();
    long total = 0;
    for (String line : Files.readAllLines(Path.of(wordsFile))) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\p{Alpha}+")) {
        total += Long.parseLong(parts[0]);
        cumulative.put(total, parts[1]);
      }
    }
    if (cumulative.isEmpty()) {
      throw new IOException("no \"count word\" lines in " + wordsFile);
    }
    long sum = total;
    return () -> cumulative.ceilingEntry((long) Math.ceil(random.nextDouble() * sum)).getValue();
  }

  // The generator of common.lua's vocabulary(), step for step. wrk's LuaJIT computes it in doubles (the product
  // exceeds 2^53 and is rounded) and its % is a - floor(a / b) * b, so this does the same: exact integer
  // arithmetic would give other words than the corpus holds.
  static List<String> vocabulary(int size) {
    String[] onsets = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
        "br", "cl", "st", "tr", "sh", "ch", "gr", "pl"};
    String[] vowels = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io"};
    double[] state = {20251125};
    IntUnaryOperator nextInt = n -> {
      double a = state[0] * 1103515245.0 + 12345.0;
      state[0] = a - Math.floor(a / 2147483648.0) * 2147483648.0;
      return (int) (Math.floor(state[0] / 65536) % n) + 1;
    };
    List<String> words = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (words.size() < size) {
      StringBuilder word = new StringBuilder();
      int syllables = nextInt.applyAsInt(3) + 1;
      for (int s = 0; s < syllables; s++) {
        word.append(onsets[nextInt.applyAsInt(onsets.length) - 1]).append(vowels[nextInt.applyAsInt(vowels.length) - 1]);
      }
      if (seen.add(word.toString())) {
        words.add(word.toString());
      }
    }
    return words;
  }
}
