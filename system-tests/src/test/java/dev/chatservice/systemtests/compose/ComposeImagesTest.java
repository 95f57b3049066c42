package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The app images: each built by one service only (Compose bakes every service with a {@code build} as a target
 * of its own, and two targets exporting the same tag can fail with "image already exists"), never pulled from a
 * registry, and run within a memory limit that leaves room beside the heap.
 */
class ComposeImagesTest {
    /**
     * What an app JVM needs outside its heap: an HTTP node with {@code -Xmx256m} reached an RSS of 458 MiB under
     * the bench (docs/performance.md), its heap grown to the maximum by SerialGC.
     */
    private static final long OFF_HEAP_MIB = 200;

    private final Compose compose = new Compose();

    @ParameterizedTest
    @CsvSource({"http-1, app-http", "http-2, app-http", "worker-1, app-worker", "worker-2, app-worker",
            "migrate, app-worker"})
    void image_appService_isItsModulesLocalImage(String name, String module) {
        assertEquals("chat-service/" + module + ":local", compose.service(name).path("image").asText(), name);
        assertEquals(module, compose.dockerfileModule(name).orElse("none"), name);
    }

    @Test
    void build_everyImage_hasExactlyOneBuildingService() {
        compose.images().forEach((service, image) -> {
            if (compose.service(service).has("build")) {
                assertEquals(List.of(service), compose.buildersOf(image), image + " is built by more than one service");
            }
        });
    }

    @ParameterizedTest
    @CsvSource({"http-1, app-http", "migrate, app-worker"})
    void build_builder_usesItsModuleDockerfileWithTheRepositoryAsContext(String name, String module) {
        JsonNode build = compose.service(name).path("build");
        assertEquals(".", build.path("context").asText(), name);
        assertEquals(module + "/Dockerfile", build.path("dockerfile").asText(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "migrate"})
    void pullPolicy_builder_buildsInsteadOfPulling(String name) {
        assertEquals("build", compose.service(name).path("pull_policy").asText(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-2", "worker-1", "worker-2"})
    void pullPolicy_imageOnlyAppService_takesTheBuiltImageAndNeverPulls(String name) {
        JsonNode service = compose.service(name);
        assertFalse(service.has("build"), name + " builds the image a second time");
        assertEquals("never", service.path("pull_policy").asText(), name);
        assertEquals(1, compose.buildersOf(service.path("image").asText()).size(), name + ": nothing builds its image");
    }

    @Test
    void pullPolicy_build_appearsOnlyWhereThereIsABuildSection() {
        compose.services.properties().forEach(e -> {
            if (e.getValue().path("pull_policy").asText().equals("build")) {
                assertTrue(e.getValue().has("build"), e.getKey() + ": pull_policy build with nothing to build");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2", "migrate"})
    void memLimit_appService_leavesTheMeasuredOffHeapRoomBesideTheHeap(String name) {
        long limit = mebibytes(compose.service(name).path("mem_limit").asText());
        long heap = limit * DockerfileTest.heapPercent(compose.dockerfileModule(name).orElseThrow()) / 100;
        assertTrue(heap + OFF_HEAP_MIB <= limit, name + ": a " + heap + " MiB heap in a " + limit + " MiB limit");
        assertTrue(heap >= 256, name + ": a " + heap + " MiB heap is below what scripts/stack gives an HTTP node");
    }

    private static long mebibytes(String size) {
        String value = size.trim().toLowerCase(Locale.ROOT);
        assertTrue(value.matches("\\d+[mg]"), "mem_limit " + size);
        long number = Long.parseLong(value.substring(0, value.length() - 1));
        return value.endsWith("g") ? number * 1024 : number;
    }
}
