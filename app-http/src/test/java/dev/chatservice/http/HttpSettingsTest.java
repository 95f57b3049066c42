package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP node's own variables: stream cap and CORS origins. */
class HttpSettingsTest {

    @Test
    void fromEnvironment_unset_defaultCapAndNoCors() {
        HttpSettings settings = HttpSettings.fromEnvironment(Map.of());
        assertEquals(StreamLimits.DEFAULT_MAX_STREAMS, settings.maxStreams());
        assertEquals(List.of(), settings.corsOrigins());
    }

    @Test
    void fromEnvironment_capAndOrigins_areRead() {
        HttpSettings settings = HttpSettings.fromEnvironment(Map.of("CHAT_MAX_STREAMS", " 50 ",
                "CHAT_CORS_ORIGINS", "https://a.example, http://localhost:3000,"));
        assertEquals(50, settings.maxStreams());
        assertEquals(List.of("https://a.example", "http://localhost:3000"), settings.corsOrigins());
    }

    @Test
    void fromEnvironment_badCap_isRefusedByName() {
        for (String bad : List.of("0", "-3", "many")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HttpSettings.fromEnvironment(Map.of("CHAT_MAX_STREAMS", bad)));
            assertTrue(e.getMessage().contains("CHAT_MAX_STREAMS"), e.getMessage());
        }
    }

    @Test
    void fromEnvironment_originWithPathOrWithoutScheme_isRefusedByName() {
        for (String bad : List.of("https://a.example/", "a.example", "ftp://a.example", "https://a.example/app")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HttpSettings.fromEnvironment(Map.of("CHAT_CORS_ORIGINS", bad)));
            assertTrue(e.getMessage().contains("CHAT_CORS_ORIGINS"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void toString_adminKey_isHidden() {
        HttpSettings settings = HttpSettings.fromEnvironment(Map.of("CHAT_ADMIN_KEY", "secret-key-0123456789"));
        assertTrue(!settings.toString().contains("secret-key"), settings.toString());
    }
}
