package dev.chatservice.http;

/** A 4xx the HTTP layer itself decides: a bad parameter, header, content type or body shape. */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;
    final String title;
    final String field;

    HttpProblem(int status, String type, String title, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
    }

    static HttpProblem badParameter(String field, String detail) {
        return new HttpProblem(400, "invalid-parameter", "Invalid parameter", detail, field);
    }

    static HttpProblem malformedBody(String detail) {
        return new HttpProblem(400, "malformed-body", "Malformed request body", detail, null);
    }

    static HttpProblem invalidField(String field, String detail) {
        return new HttpProblem(422, "invalid-field", "Invalid field", detail, field);
    }
}
