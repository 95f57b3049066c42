package openloop;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

// The requests of bench/lua/create_message.lua, read_page.lua and search.lua, built once as the bytes of an
// HTTP/1.1 request (a pool of 1000, sent in turn), so that sending one costs a single write.
final class Requests {
  static final int POOL = 1000;

  private final Options options;
  private final Random random = new Random();

  Requests(Options options) {
    this.options = options;
  }

  List<byte[]> pool(String mode) throws IOException {
    URI base = URI.create(options.get("url", null));
    if (!"http".equals(base.getScheme()) || base.getHost() == null) {
      Options.usage("--url must be http://HOST[:PORT]");
    }
    String host = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
    String token = options.get("token", null);
    String[] range = options.get("chats", null).split("-");
    int first = Integer.parseInt(range[0]);
    int last = Integer.parseInt(range[range.length - 1]);
    Supplier<String> draw = Words.corpus(options.get("words-file", ""),
        options.integer("vocabulary", "500"), random);
    List<byte[]> pool = new ArrayList<>(POOL);
    for (int k = 1; k <= POOL; k++) {
      String chat = "/applications/" + token + "/chats/" + between(first, last);
      String request;
      switch (mode) {
        case "create" -> {
          byte[] body = ("{\"body\":\"" + messageBody(draw) + "\"}").getBytes(StandardCharsets.UTF_8);
          request = "POST " + chat + "/messages HTTP/1.1\r\nHost: " + host
              + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
              + new String(body, StandardCharsets.UTF_8);
        }
        case "page" -> request = get(chat + "/messages?limit=" + options.get("page-limit", "50"), host);
        case "search" -> {
          String q = infix(longWord(draw));
          if (k % 4 == 0) {
            q = q + "+" + infix(longWord(draw));
          }
          String sort = options.get("sort", "");
          request = get(chat + "/messages/search?q=" + q + (sort.isEmpty() ? "" : "&sort=" + sort), host);
        }
        default -> {
          Options.usage("unknown mode " + mode);
          return pool;
        }
      }
      pool.add(request.getBytes(StandardCharsets.UTF_8));
    }
    return pool;
  }

  private static String get(String target, String host) {
    return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
  }

  private int between(int first, int last) {
    return first + random.nextInt(last - first + 1);
  }

  private String messageBody(Supplier<String> draw) {
    int n = 8 + random.nextInt(7);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String word = draw.get();
      if (i == 0) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      } else {
        body.append(' ');
      }
      body.append(word);
    }
    return body.toString();
  }

  private static String longWord(Supplier<String> draw) {
    String word = draw.get();
    for (int tries = 0; word.length() < 4 && tries < 10_000; tries++) {
      word = draw.get();
    }
    return word;
  }

  // A 3-5 letter infix that never starts at the word's first letter, as search.lua's infix().
  private String infix(String word) {
    int length = Math.min(word.length() - 1, 3 + random.nextInt(3));
    int start = 1 + random.nextInt(word.length() - length); // 0-based; Lua: math.random(2, #word - length + 1)
    return word.substring(start, start + length);
  }
}
