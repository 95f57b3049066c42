package live;

/** A client's progress lines on stderr, each prefixed with its name (bench/run prints them after the client). */
final class Progress {
    private final String client;

    Progress(String client) {
        this.client = client;
    }

    void say(String line) {
        System.err.println(client + ": " + line);
    }
}
