package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the broker is and who logs in: the URL, and the user and password variables over its credentials. */
class RabbitConfigTest {
    /** Every character that has a meaning in a URL, plus a percent sequence that must not be decoded. */
    private static final String RESERVED_PASSWORD = "p@ss:w/o%2Fr%d#x?y=1&z +";

    private static Map<String, String> env(String url, String user, String password) {
        Map<String, String> env = new HashMap<>();
        env.put(RabbitConfig.URL_VARIABLE, url);
        if (user != null) {
            env.put(RabbitConfig.USER_VARIABLE, user);
        }
        if (password != null) {
            env.put(RabbitConfig.PASSWORD_VARIABLE, password);
        }
        return env;
    }

    @Test
    void connectionFactory_passwordWithReservedCharacters_reachesTheFactoryIntact() {
        ConnectionFactory factory = RabbitConfig.fromEnv(env("amqp://rabbitmq:5672/%2F", "chat", RESERVED_PASSWORD))
                .connectionFactory();
        assertEquals("chat", factory.getUsername());
        assertEquals(RESERVED_PASSWORD, factory.getPassword());
        assertEquals("rabbitmq", factory.getHost());
        assertEquals(5672, factory.getPort());
        assertEquals("/", factory.getVirtualHost());
    }

    @Test
    void connectionFactory_credentialVariables_replaceTheUrlsOwn() {
        ConnectionFactory factory = RabbitConfig.fromEnv(env("amqp://old:stale@rabbitmq:5672/chat", "chat",
                "fresh")).connectionFactory();
        assertEquals("chat", factory.getUsername());
        assertEquals("fresh", factory.getPassword());
        assertEquals("chat", factory.getVirtualHost());
    }

    @Test
    void connectionFactory_passwordVariableAlone_keepsTheUrlsUser() {
        ConnectionFactory factory = RabbitConfig.fromEnv(env("amqp://chat:stale@rabbitmq:5672/%2F", null, "fresh"))
                .connectionFactory();
        assertEquals("chat", factory.getUsername());
        assertEquals("fresh", factory.getPassword());
    }

    @Test
    void connectionFactory_blankCredentialVariables_leaveTheUrlsCredentials() {
        ConnectionFactory factory = RabbitConfig.fromEnv(env("amqp://chat:secret@rabbitmq:5672/%2F", " ", ""))
                .connectionFactory();
        assertEquals("chat", factory.getUsername());
        assertEquals("secret", factory.getPassword());
    }

    @Test
    void connectionFactory_nothingSet_isTheLocalBrokerAsGuest() {
        ConnectionFactory factory = RabbitConfig.fromEnv(Map.of()).connectionFactory();
        assertEquals("guest", factory.getUsername());
        assertEquals("guest", factory.getPassword());
        assertEquals("127.0.0.1", factory.getHost());
        assertEquals("/", factory.getVirtualHost());
    }

    @Test
    void connectionFactory_malformedUrl_failsWithoutThePassword() {
        RabbitConfig config = RabbitConfig.fromUrl("http://chat:secret@rabbitmq:5672/%2F");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::connectionFactory);
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void redactedUrl_credentialVariables_nameTheUserButNotThePassword() {
        RabbitConfig config = RabbitConfig.fromEnv(env("amqp://rabbitmq:5672/%2F", "chat", RESERVED_PASSWORD));
        assertEquals("amqp://chat:***@rabbitmq:5672/%2F", config.redactedUrl());
    }

    @Test
    void toString_passwordVariable_isRedacted() {
        String text = RabbitConfig.fromEnv(env("amqp://u:urlsecret@rabbitmq:5672/%2F", null, RESERVED_PASSWORD))
                .toString();
        assertFalse(text.contains(RESERVED_PASSWORD), text);
        assertFalse(text.contains("urlsecret"), text);
        assertTrue(text.contains("rabbitmq:5672"), text);
    }

    @Test
    void addresses_commaSeparatedUrls_oneAddressPerNode() {
        RabbitConfig config = RabbitConfig.fromUrl("amqp://chat:pw@r1:5672/chat, amqp://chat:pw@r2:5673/chat,"
                + "amqp://chat:pw@r3/chat");
        assertEquals(List.of(new Address("r1", 5672), new Address("r2", 5673), new Address("r3", 5672)),
                config.addresses());
        ConnectionFactory factory = config.connectionFactory();
        assertEquals("chat", factory.getVirtualHost());
        assertEquals("chat", factory.getUsername());
    }

    @Test
    void addresses_urlsWithOtherVhost_failNamingTheVariable() {
        RabbitConfig config = RabbitConfig.fromUrl("amqp://chat:pw@r1:5672/chat,amqp://chat:pw@r2:5672/other");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::addresses);
        assertTrue(e.getMessage().contains(RabbitConfig.URL_VARIABLE), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }

    @Test
    void addresses_urlsWithOtherCredentials_fail() {
        RabbitConfig config = RabbitConfig.fromUrl("amqp://chat:pw@r1:5672/chat,amqp://chat:other@r2:5672/chat");
        assertThrows(IllegalArgumentException.class, config::connectionFactory);
    }

    @Test
    void addresses_emptyEntry_failNamingTheVariable() {
        RabbitConfig config = RabbitConfig.fromUrl("amqp://r1:5672/%2F,,amqp://r2:5672/%2F");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::addresses);
        assertTrue(e.getMessage().contains(RabbitConfig.URL_VARIABLE), e.getMessage());
    }

    @Test
    void connectionFactory_unparseableUrl_failsWithoutThePassword() {
        RabbitConfig config = RabbitConfig.fromUrl("amqp://chat:se cret@rabbitmq:5672/%2F");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::connectionFactory);
        assertFalse(e.getMessage().contains("cret"), e.getMessage());
    }

    @Test
    void redactedUrl_nodeList_redactsEveryUrl() {
        RabbitConfig config = RabbitConfig.fromUrl("amqp://u:secret@r1:5672/%2F,amqp://u:secret@r2:5672/%2F");
        assertEquals("amqp://u:***@r1:5672/%2F,amqp://u:***@r2:5672/%2F", config.redactedUrl());
    }
}
