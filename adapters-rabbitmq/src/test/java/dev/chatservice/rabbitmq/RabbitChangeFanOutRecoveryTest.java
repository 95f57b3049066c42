package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.chatservice.domain.contract.Fixtures;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeSignal;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the contract cannot say generically: a listener whose connection recovers resyncs and hears again. */
class RabbitChangeFanOutRecoveryTest {
    private static final long PATIENCE_SECONDS = 30;
    private final RabbitConfig config = TestBroker.config();
    private TcpProxy proxy;
    private RabbitChangeFanOut worker;
    private RabbitChangeFanOut node;

    @AfterEach
    void tearDown() throws Exception {
        if (node != null) {
            node.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        TestBroker.withChannel(channel -> channel.exchangeDelete(RabbitChangeFanOut.exchangeName(config)));
    }

    @Test
    void listen_connectionLost_resyncsOnRecoveryAndHearsAgain() throws Exception {
        proxy = new TcpProxy("127.0.0.1", 5672);
        worker = RabbitChangeFanOut.connect(config);
        node = RabbitChangeFanOut.connect(config.withUrl(proxy.url()));
        LinkedBlockingQueue<Object> heard = new LinkedBlockingQueue<>();
        node.listen(new ChangeFanOut.ChangeListener() {
            @Override
            public void signal(ChangeSignal signal) {
                heard.add(signal);
            }

            @Override
            public void resync() {
                heard.add("resync");
            }
        });
        assertEquals("resync", next(heard));

        proxy.cut();

        assertEquals("resync", next(heard), "a recovered listener re-reads the feed");
        ChangeSignal signal = new ChangeSignal.ChatChanged(Fixtures.token(), new ChatNumber(4), 9);
        worker.publish(List.of(signal));
        assertEquals(signal, next(heard));
    }

    private static Object next(LinkedBlockingQueue<Object> heard) throws InterruptedException {
        Object next = heard.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertNotNull(next, "nothing heard within " + PATIENCE_SECONDS + " s");
        return next;
    }
}
