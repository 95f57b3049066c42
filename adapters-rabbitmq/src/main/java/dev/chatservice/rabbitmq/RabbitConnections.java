package dev.chatservice.rabbitmq;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ListAddressResolver;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoverableConnection;
import com.rabbitmq.client.RecoveryListener;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the adapter's broker connections: self-recovering, the first attempt retried with backoff (the client's
 * automatic recovery only covers connections that once succeeded), and their losses and recoveries logged.
 * With several nodes configured, each connection tries them in a random order, so connections spread over the
 * cluster, and recovers onto whichever answers: a node that is down costs one refused attempt.
 */
final class RabbitConnections {
    static final String DEPENDENCY = "rabbitmq";
    private static final Logger LOG = LoggerFactory.getLogger(RabbitConnections.class);
    private static final int HEARTBEAT_SECONDS = 15;
    private static final int CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final RabbitConfig config;
    private final ConnectionFactory factory;
    private final AddressResolver nodes;

    RabbitConnections(RabbitConfig config) {
        this(config, addresses -> {
            List<Address> shuffled = new ArrayList<>(addresses);
            Collections.shuffle(shuffled);
            return shuffled;
        });
    }

    /**
     * @param order the order in which a connection, or its recovery, tries the nodes; random in production, as
     *              the client's own default
     */
    RabbitConnections(RabbitConfig config, UnaryOperator<List<Address>> order) {
        this.config = config;
        this.factory = factory(config);
        this.nodes = new ListAddressResolver(config.addresses()) {
            @Override
            public List<Address> maybeShuffle(List<Address> input) {
                return order.apply(input);
            }
        };
    }

    /**
     * A new connection named {@code name} for the broker's connection list.
     *
     * @throws DependencyUnavailableException if the broker refuses the credentials or cannot be reached after
     *                                        the configured attempts
     */
    Connection open(String name) {
        Connection connection = connectWithRetry(name);
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                LOG.warn("connection {} to {} lost: {}", connection.getClientProvidedName(), config.redactedUrl(),
                        cause.getMessage());
            }
        });
        if (connection instanceof RecoverableConnection recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    LOG.info("recovering connection {}", connection.getClientProvidedName());
                }

                @Override
                public void handleRecovery(Recoverable recovered) {
                    LOG.info("connection {} recovered, to {}", connection.getClientProvidedName(),
                            connection.getAddress());
                }
            });
        }
        return connection;
    }

    private static ConnectionFactory factory(RabbitConfig config) {
        ConnectionFactory factory = config.connectionFactory();
        factory.setAutomaticRecoveryEnabled(true);
        // Queues and exchanges are durable and consumers are re-created by their own threads, so the client only
        // restores connections and channels: a recovered consumer would feed a session its thread has given up.
        factory.setTopologyRecoveryEnabled(false);
        factory.setNetworkRecoveryInterval(config.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        return factory;
    }

    private Connection connectWithRetry(String name) {
        Duration backoff = config.connectBackoff();
        Exception last = null;
        for (int attempt = 1; attempt <= config.connectAttempts(); attempt++) {
            try {
                // The client keeps the resolver for its automatic recovery, which asks it for an order again.
                return factory.newConnection(null, nodes, name);
            } catch (PossibleAuthenticationFailureException e) {
                throw new DependencyUnavailableException(DEPENDENCY, "RabbitMQ at " + config.redactedUrl()
                        + " refused the credentials: " + e.getMessage(), e);
            } catch (IOException | TimeoutException e) {
                last = e;
                LOG.warn("connecting to {} failed (attempt {} of {}): {}", config.redactedUrl(), attempt,
                        config.connectAttempts(), e.getMessage());
            }
            if (attempt < config.connectAttempts()) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new DependencyUnavailableException(DEPENDENCY, "cannot connect to " + config.redactedUrl() + " after "
                + config.connectAttempts() + " attempts: " + (last == null ? "interrupted" : last.getMessage()), last);
    }
}
