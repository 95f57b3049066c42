package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The app modules' Dockerfiles, read as Docker reads them: instructions, stages and exec forms. */
final class Dockerfiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dockerfiles() {}

    static String jarPath(String module) {
        return module + "/target/" + module + ".jar";
    }

    /** The runtime stage's {@code COPY --from=build} of the jar: "source destination". */
    static String copiedJar(String module) {
        List<String> copies = runtimeStage(module).stream()
                .filter(i -> i.startsWith("COPY --from=build ") && i.contains(".jar")).toList();
        assertEquals(1, copies.size(), module + ": " + copies);
        return copies.get(0).substring("COPY --from=build ".length()).trim();
    }

    /** An instruction's exec (JSON) form; Docker would run anything else through a shell. */
    static List<String> execForm(String module, String keyword) {
        List<String> found = runtimeStage(module).stream().filter(i -> i.startsWith(keyword + " ")).toList();
        assertEquals(1, found.size(), module + ": " + keyword);
        String json = found.get(0).substring(found.get(0).indexOf('['));
        try {
            List<String> values = new ArrayList<>();
            JSON.readTree(json).forEach(v -> values.add(v.asText()));
            assertFalse(values.isEmpty(), json);
            return values;
        } catch (IOException e) {
            return fail(module + ": " + keyword + " is not valid JSON, so Docker would run it through a shell: "
                    + json);
        }
    }

    static List<String> buildStage(String module) {
        List<String> all = instructions(module);
        int runtime = lastFrom(all);
        assertTrue(all.get(0).matches("FROM \\S+ AS build"), module + ": " + all.get(0));
        return all.subList(0, runtime);
    }

    static List<String> runtimeStage(String module) {
        List<String> all = instructions(module);
        return all.subList(lastFrom(all), all.size());
    }

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines dropped. */
    static List<String> instructions(String module) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : AppVariables.read(ComposeYaml.ROOT.resolve(module).resolve("Dockerfile")).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().replaceAll("\\s+", " ").trim());
            current.setLength(0);
        }
        return instructions;
    }

    static int indexOf(List<String> list, Predicate<String> predicate) {
        for (int i = 0; i < list.size(); i++) {
            if (predicate.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastFrom(List<String> instructions) {
        int last = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        assertTrue(last > 0, "no runtime stage after the build stage");
        return last;
    }
}
