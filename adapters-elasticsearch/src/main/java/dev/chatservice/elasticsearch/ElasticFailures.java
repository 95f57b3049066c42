package dev.chatservice.elasticsearch;

import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Which Elasticsearch failures pass, and how they reach the domain: as the dependency being unavailable. */
final class ElasticFailures {
    private ElasticFailures() {}

    /** Whether an HTTP status means "try again later" rather than "never". */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * The low-level client reports some transport failures as bare RuntimeExceptions, e.g. a
     * "Connection lease request time out" when every pooled connection is busy: those are outages too.
     */
    static RuntimeException transportFailure(String message, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return unavailable(message, e);
            }
        }
        return e;
    }

    static DependencyUnavailableException unavailable(String message, Throwable cause) {
        String detail = cause == null || message.contains(String.valueOf(cause.getMessage())) ? message
                : message + ": " + cause;
        return new DependencyUnavailableException(ElasticMessageSearch.DEPENDENCY, detail, cause);
    }
}
