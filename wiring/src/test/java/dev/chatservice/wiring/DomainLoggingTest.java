package dev.chatservice.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The domain's System.Logger lines reach logback, so they come out as JSON like everything else. */
class DomainLoggingTest {

    @Test
    void systemLogger_warning_reachesLogback() {
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.chatservice.domain.test");
        logger.addAppender(captured);
        try {
            System.getLogger("dev.chatservice.domain.test").log(System.Logger.Level.WARNING, "from the domain");
        } finally {
            logger.detachAppender(captured);
        }
        assertEquals(1, captured.list.size());
        assertEquals("from the domain", captured.list.get(0).getFormattedMessage());
    }
}
