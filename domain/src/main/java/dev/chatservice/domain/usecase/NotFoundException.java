package dev.chatservice.domain.usecase;

/** The application, chat or message a request names does not exist. */
public final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was not found; each kind maps to its own problem type. */
    public enum Resource { APPLICATION, CHAT, MESSAGE }

    private final Resource resource;

    public NotFoundException(Resource resource, String message) {
        super(message);
        this.resource = resource;
    }

    public Resource resource() {
        return resource;
    }

    static NotFoundException application() {
        return new NotFoundException(Resource.APPLICATION, "no application has this token");
    }

    static NotFoundException chat(int number) {
        return new NotFoundException(Resource.CHAT, "the application has no chat " + number);
    }

    static NotFoundException message(int chat, int number) {
        return new NotFoundException(Resource.MESSAGE, "chat " + chat + " has no message " + number);
    }
}
