package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.CommandQueue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The HTTP request's id rides with its command, so the worker handling it can log it. */
class RequestIdPropagationTest {

    @Test
    void publish_underRequestId_consumerSeesItWhileHandling() throws Exception {
        RabbitCommandQueue queue = TestBroker.connect(TestBroker.config());
        List<String> seen = new CopyOnWriteArrayList<>();
        CommandQueue.Subscription subscription = queue.subscribe(batch -> seen.add(MDC.get("request_ids")));
        try {
            MDC.put("request_id", "req-123");
            try {
                queue.publish(new CreateChatCommand(new ChatRef(ApplicationToken.generate(new SecureRandom()),
                        new ChatNumber(1)), Instant.now()));
            } finally {
                MDC.remove("request_id");
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (seen.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "not delivered within 30 s");
                Thread.sleep(10);
            }
            assertEquals("req-123", seen.get(0));
        } finally {
            subscription.close();
            queue.deleteTopology();
            queue.close();
        }
    }
}
