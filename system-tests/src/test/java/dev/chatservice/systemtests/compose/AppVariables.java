package dev.chatservice.systemtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables each process reads, found in the sources (every "CHAT_…" string literal), so that
 * a variable added to the code and forgotten in the compose file or the README fails a test.
 */
final class AppVariables {
    private static final Path ROOT = ComposeYaml.ROOT;
    private static final Pattern VARIABLE_LITERAL = Pattern.compile("\"(CHAT_[A-Z0-9_]+)\"");

    private AppVariables() {}

    /** Everything in app-http, plus what both processes share. */
    static Set<String> httpNodeReads() {
        return readsOf("app-http");
    }

    /** Everything in app-worker, plus what both processes share. */
    static Set<String> workerReads() {
        return readsOf("app-worker");
    }

    private static Set<String> readsOf(String appModule) {
        Set<String> names = new TreeSet<>(sharedReads());
        for (Path source : javaSources(ROOT.resolve(appModule).resolve("src/main/java"))) {
            names.addAll(variableLiterals(read(source)));
        }
        return names;
    }

    /** Both processes load the wiring module (Settings) and every adapter. */
    private static Set<String> sharedReads() {
        Set<String> names = new TreeSet<>();
        for (String module : modules()) {
            if (module.equals("wiring") || module.startsWith("adapters-")) {
                javaSources(ROOT.resolve(module).resolve("src/main/java"))
                        .forEach(source -> names.addAll(variableLiterals(read(source))));
            }
        }
        return names;
    }

    private static Set<String> variableLiterals(String source) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = VARIABLE_LITERAL.matcher(source);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<Path> javaSources(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parent pom's modules. */
    static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        return modules;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
