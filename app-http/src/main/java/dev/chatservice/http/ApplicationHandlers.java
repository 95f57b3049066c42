package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.usecase.ListApplications;
import dev.chatservice.http.Views.ApplicationView;
import dev.chatservice.http.Views.PageView;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/** HTTP handlers for applications. */
final class ApplicationHandlers {
    private static final Set<String> FIELDS = Set.of("name");

    private final ChatService service;
    private final Requests requests;
    private final Responses responses;
    private final Optional<String> adminKey;

    ApplicationHandlers(ChatService service, Requests requests, Responses responses, Optional<String> adminKey) {
        this.service = service;
        this.requests = requests;
        this.responses = responses;
        this.adminKey = adminKey;
    }

    void create(Context ctx) {
        ApplicationName name = new ApplicationName(Requests.string(requests.object(ctx, FIELDS), "name"));
        Application application = service.createApplication().create(name);
        responses.created(ctx, 201, "/applications/" + application.token().value(), false,
                ApplicationView.of(application));
    }

    void get(Context ctx) {
        responses.json(ctx, 200, ApplicationView.of(service.getApplication().get(requests.token(ctx))));
    }

    void rename(Context ctx) {
        ApplicationToken token = requests.token(ctx);
        JsonNode body = requests.object(ctx, FIELDS);
        ApplicationName name = new ApplicationName(Requests.string(body, "name"));
        responses.json(ctx, 200, ApplicationView.of(service.renameApplication().rename(token, name)));
    }

    void delete(Context ctx) {
        service.deleteApplication().delete(requests.token(ctx));
        ctx.status(204);
    }

    void list(Context ctx) {
        requireAdmin(ctx);
        int limit = requests.limit(ctx);
        Optional<ApplicationToken> after = requests.cursor(ctx).map(cursor -> {
            try {
                return new ApplicationToken(cursor);
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badParameter("cursor", "cursor is not valid");
            }
        });
        ListApplications.Result page = service.listApplications().list(after, limit);
        responses.json(ctx, 200, new PageView<>(page.items().stream().map(ApplicationView::of).toList(),
                page.next().map(ApplicationToken::value).orElse(null)));
    }

    /** Listing every application reveals every token, so it needs the configured admin key. */
    private void requireAdmin(Context ctx) {
        if (adminKey.isEmpty()) {
            throw new HttpProblem(403, "forbidden", "Forbidden",
                    "listing applications is disabled; the operator can enable it with CHAT_ADMIN_KEY", null);
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                adminKey.get().getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"chat-admin\"");
            throw new HttpProblem(401, "unauthorized", "Unauthorized",
                    "present the admin key as Authorization: Bearer <key>", null);
        }
    }
}
