package dev.chatservice.domain.usecase;

/** An Idempotency-Key was repeated with a different request. */
public final class IdempotencyKeyReusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException() {
        super("this Idempotency-Key was already used with a different request body");
    }
}
