package live;

import java.util.Locale;
import java.util.Map;

/** The few pieces of JSON the clients print: no library, so that they need nothing but the JDK. */
final class Json {
    private Json() {
    }

    static StringBuilder field(StringBuilder json, String name, String value) {
        return json.append('"').append(name).append("\":").append(value);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /** Answers counted by HTTP status, as {"202":n,...}. */
    static String statuses(Map<Integer, Integer> statuses) {
        StringBuilder b = new StringBuilder("{");
        statuses.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }
}
