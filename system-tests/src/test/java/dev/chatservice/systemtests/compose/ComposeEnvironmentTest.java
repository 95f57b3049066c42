package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.ConnectionFactory;
import dev.chatservice.http.HttpSettings;
import dev.chatservice.wiring.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compose sets, for each app container, exactly the variables its process reads, and they work together. */
class ComposeEnvironmentTest {
    /** Every character with a meaning in a URL, and a percent sequence that must arrive undecoded. */
    private static final String RESERVED_PASSWORD = "p@ss:w/o%2Fr%d#x?y";

    private final Compose compose = new Compose();

    @Test
    void sourceScan_appSources_findTheServiceVariables() {
        assertTrue(AppVariables.httpNodeReads().containsAll(Settings.SERVICE_VARIABLES),
                AppVariables.httpNodeReads().toString());
        assertTrue(AppVariables.workerReads().containsAll(Settings.SERVICE_VARIABLES),
                AppVariables.workerReads().toString());
        assertTrue(AppVariables.httpNodeReads().contains("CHAT_HTTP_PORT"), AppVariables.httpNodeReads().toString());
        assertTrue(AppVariables.workerReads().contains("CHAT_RABBITMQ_PASSWORD"),
                AppVariables.workerReads().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2"})
    void environment_httpNode_setsExactlyTheVariablesTheHttpNodeReads(String name) {
        assertEquals(AppVariables.httpNodeReads(), compose.environment(name).keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker-1", "worker-2", "migrate"})
    void environment_workerJar_setsExactlyTheVariablesTheWorkerReads(String name) {
        assertEquals(AppVariables.workerReads(), compose.environment(name).keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2"})
    void environment_httpNode_passesStartupValidationInProductionMode(String name) {
        Map<String, String> env = compose.environment(name);
        assertTrue(Settings.fromEnvironment(env).isPresent(), "embedded mode: " + env);
        HttpSettings http = HttpSettings.fromEnvironment(env);
        assertTrue(http.port() > 0, "a fixed port, for the load balancer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker-1", "worker-2", "migrate"})
    void environment_workerJar_passesStartupValidationInProductionMode(String name) {
        Map<String, String> env = compose.environment(name);
        assertTrue(Settings.fromEnvironment(env).isPresent(), "embedded mode: " + env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2", "migrate"})
    void rabbitmq_appService_logsInAsTheBrokersUserWithCredentialsApartFromTheUrl(String name) {
        Map<String, String> app = compose.environment(name);
        Map<String, String> broker = compose.environment("rabbitmq");
        assertNull(URI.create(app.get("CHAT_RABBITMQ_URL")).getUserInfo(), "credentials in the URL would need "
                + "percent-encoding that the broker's own setting does not get");
        assertEquals(broker.get("RABBITMQ_DEFAULT_USER"), app.get("CHAT_RABBITMQ_USER"), name);
        assertEquals(broker.get("RABBITMQ_DEFAULT_PASS"), app.get("CHAT_RABBITMQ_PASSWORD"), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2", "migrate"})
    void rabbitmq_passwordWithReservedCharacters_reachesTheConnectionFactoryAsTheBrokerGetsIt(String name) {
        Map<String, String> shell = Map.of("CHAT_STACK_RABBITMQ_PASSWORD", RESERVED_PASSWORD);
        String brokerPassword = compose.environment("rabbitmq", shell).get("RABBITMQ_DEFAULT_PASS");
        ConnectionFactory factory = Settings.fromEnvironment(compose.environment(name, shell)).orElseThrow()
                .rabbitConfig().connectionFactory();
        assertEquals(RESERVED_PASSWORD, brokerPassword);
        assertEquals(brokerPassword, factory.getPassword(), name);
        assertEquals(compose.environment("rabbitmq").get("RABBITMQ_DEFAULT_USER"), factory.getUsername(), name);
        assertEquals("rabbitmq", factory.getHost(), name);
    }
}
