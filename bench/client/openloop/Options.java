package openloop;

import java.util.HashMap;
import java.util.Map;

// The client's command line: "--name value" pairs, each read with a fallback (null = required).
final class Options {
  static final String USAGE = "usage: java -cp CLASSES:HdrHistogram.jar openloop.OpenLoop --mode create|page|search"
      + " --url URL --token T --chats A-B --rate R --duration D --warmup W [--connections C] [--max-in-flight N]"
      + " [--sort S] [--words-file F] [--page-limit L] [--vocabulary V] [--timeout SECONDS] [--histogram FILE]";

  private final Map<String, String> values = new HashMap<>();

  Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        usage("bad argument " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  static void usage(String problem) {
    System.err.println("OpenLoop: " + problem + "\n" + USAGE);
    System.exit(2);
  }

  String get(String name, String fallback) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      if (fallback == null) {
        usage("--" + name + " is required");
      }
      return fallback;
    }
    return value;
  }

  double number(String name, String fallback) {
    try {
      return Double.parseDouble(get(name, fallback));
    } catch (NumberFormatException e) {
      usage("--" + name + " is not a number");
      return 0;
    }
  }

  int integer(String name, String fallback) {
    return (int) number(name, fallback);
  }
}
