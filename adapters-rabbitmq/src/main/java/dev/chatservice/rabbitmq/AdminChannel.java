package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs administrative work (declarations, queue depths, dead-letter handling) on a short-lived channel of the
 * calling thread, since a channel must never be shared between threads, and maps failures to the port's
 * exceptions.
 */
final class AdminChannel {
    private static final Logger LOG = LoggerFactory.getLogger(AdminChannel.class);

    private AdminChannel() {}

    @FunctionalInterface
    interface Work<T> {
        T run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /** Whether {@code e}, thrown by {@link #run}, is the broker refusing {@code argument} of an existing object. */
    static boolean inequivalent(IllegalStateException e, String argument) {
        return e.getMessage() != null && e.getMessage().contains("inequivalent arg '" + argument + "'");
    }

    /**
     * @throws IllegalStateException          if the broker refused a declaration because the object exists with
     *                                        other arguments
     * @throws DependencyUnavailableException on any other failure
     */
    static <T> T run(Connection connection, Work<T> work) {
        Channel channel = null;
        try {
            channel = connection.createChannel();
            if (channel == null) {
                throw new IOException("no channel left on the connection");
            }
            return work.run(channel);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 406) {
                throw new IllegalStateException("RabbitMQ refused the declared topology (" + close.getReplyText()
                        + "); an exchange or queue exists with other arguments: migrate or delete it", e);
            }
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY, e.getMessage() == null
                    ? String.valueOf(e.getCause()) : e.getMessage(), e);
        } catch (ShutdownSignalException | TimeoutException e) {
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY, "interrupted", e);
        } finally {
            if (channel != null && channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException | TimeoutException | ShutdownSignalException e) {
                    LOG.debug("closing an admin channel failed", e);
                }
            }
        }
    }
}
