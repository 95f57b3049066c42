package dev.chatservice.domain.port;

/** A port's backing service cannot answer now; the caller may retry later. */
public final class DependencyUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String dependency;

    public DependencyUnavailableException(String dependency, String message, Throwable cause) {
        super(dependency + ": " + message, cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
