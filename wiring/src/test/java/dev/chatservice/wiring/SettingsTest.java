package dev.chatservice.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.ConnectionFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Startup configuration: embedded by default, production only when complete and well-formed. */
class SettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_MYSQL_URL", "jdbc:mysql://db:3306/chat");
        env.put("CHAT_REDIS_URL", "redis://redis:6379/0");
        env.put("CHAT_RABBITMQ_URL", "amqp://guest:secret@rabbit:5672/%2F");
        env.put("CHAT_ELASTICSEARCH_URL", "http://es:9200");
        return env;
    }

    @Test
    void fromEnvironment_nothingSet_isEmbedded() {
        assertTrue(Settings.fromEnvironment(Map.of()).isEmpty());
    }

    @Test
    void fromEnvironment_allSet_isProductionWithDefaults() {
        Settings settings = Settings.fromEnvironment(complete()).orElseThrow();
        assertEquals("root", settings.mysqlUser());
        assertEquals("", settings.mysqlPassword());
        assertEquals("chat-messages", settings.elasticsearchIndex());
    }

    @Test
    void fromEnvironment_someMissing_failsNamingThem() {
        Map<String, String> env = complete();
        env.remove("CHAT_REDIS_URL");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.fromEnvironment(env));
        assertTrue(e.getMessage().contains("CHAT_REDIS_URL"), e.getMessage());
    }

    @Test
    void fromEnvironment_wrongScheme_fails() {
        Map<String, String> env = complete();
        env.put("CHAT_RABBITMQ_URL", "http://rabbit:5672");
        assertThrows(IllegalArgumentException.class, () -> Settings.fromEnvironment(env));
    }

    @Test
    void fromEnvironment_mysqlUrlWithoutJdbc_fails() {
        Map<String, String> env = complete();
        env.put("CHAT_MYSQL_URL", "mysql://db/chat");
        assertThrows(IllegalArgumentException.class, () -> Settings.fromEnvironment(env));
    }

    @Test
    void toString_credentials_areRedacted() {
        assertFalse(Settings.fromEnvironment(complete()).orElseThrow().toString().contains("secret"));
    }

    @Test
    void rabbitConfig_passwordWithReservedCharacters_reachesTheConnectionFactoryIntact() {
        String password = "p@ss:w/o%2Fr%d#x?y";
        Map<String, String> env = complete();
        env.put("CHAT_RABBITMQ_URL", "amqp://rabbit:5672/%2F");
        env.put("CHAT_RABBITMQ_USER", "chat");
        env.put("CHAT_RABBITMQ_PASSWORD", password);
        ConnectionFactory factory = Settings.fromEnvironment(env).orElseThrow().rabbitConfig().connectionFactory();
        assertEquals("chat", factory.getUsername());
        assertEquals(password, factory.getPassword());
        assertEquals("rabbit", factory.getHost());
        assertEquals("/", factory.getVirtualHost());
    }

    @Test
    void rabbitConfig_noCredentialVariables_logsInWithTheUrlsCredentials() {
        Settings settings = Settings.fromEnvironment(complete()).orElseThrow();
        assertNull(settings.rabbitmqUser());
        assertNull(settings.rabbitmqPassword());
        ConnectionFactory factory = settings.rabbitConfig().connectionFactory();
        assertEquals("guest", factory.getUsername());
        assertEquals("secret", factory.getPassword());
    }

    @Test
    void toString_rabbitPasswordVariable_isRedacted() {
        Map<String, String> env = complete();
        env.put("CHAT_RABBITMQ_USER", "chat");
        env.put("CHAT_RABBITMQ_PASSWORD", "hunter2-variable");
        String text = Settings.fromEnvironment(env).orElseThrow().toString();
        assertFalse(text.contains("hunter2-variable"), text);
        assertTrue(text.contains(" as chat"), text);
    }

    private static IllegalArgumentException rejected(String variable, String value) {
        Map<String, String> env = complete();
        env.put(variable, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.fromEnvironment(env));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
        return e;
    }

    @Test
    void fromEnvironment_clusterLists_accepted() {
        Map<String, String> env = complete();
        env.put("CHAT_RABBITMQ_URL", "amqp://chat:secret@r1:5672/chat,amqp://chat:secret@r2:5672/chat");
        env.put("CHAT_REDIS_URL", "redis-sentinel://s1:26379,s2:26379,s3:26379/chat-primary/0");
        env.put("CHAT_ELASTICSEARCH_URL", "http://es1:9200,http://es2:9200,http://es3:9200");
        Settings settings = Settings.fromEnvironment(env).orElseThrow();
        assertEquals(2, settings.rabbitConfig().addresses().size());
        assertFalse(settings.toString().contains("secret"), settings.toString());
    }

    @Test
    void fromEnvironment_rabbitListWithOtherCredentials_failsNamingTheVariable() {
        IllegalArgumentException e = rejected("CHAT_RABBITMQ_URL",
                "amqp://chat:secret@r1:5672/chat,amqp://other:secret@r2:5672/chat");
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void fromEnvironment_rabbitListWithEmptyEntry_failsNamingTheVariable() {
        rejected("CHAT_RABBITMQ_URL", "amqp://r1:5672/%2F,");
    }

    @Test
    void fromEnvironment_rabbitListWithOtherScheme_failsNamingTheVariable() {
        rejected("CHAT_RABBITMQ_URL", "amqp://r1:5672/%2F,http://r2:5672/%2F");
    }

    @Test
    void fromEnvironment_sentinelUrlWithoutMasterName_failsNamingTheVariable() {
        rejected("CHAT_REDIS_URL", "redis-sentinel://s1:26379,s2:26379");
    }

    @Test
    void fromEnvironment_redisWithBadDatabase_failsNamingTheVariable() {
        rejected("CHAT_REDIS_URL", "redis://redis:6379/first");
    }

    @Test
    void fromEnvironment_elasticsearchListWithBadEntry_failsNamingTheVariable() {
        rejected("CHAT_ELASTICSEARCH_URL", "http://es1:9200,es2:9200");
    }
}
