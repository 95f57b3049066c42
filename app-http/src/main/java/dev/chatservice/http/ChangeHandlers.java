package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.http.Views.ChangeView;
import dev.chatservice.http.Views.ChangesView;
import io.javalin.http.Context;
import java.util.List;

/** HTTP handler for a chat's change feed, the polling form of the live stream. */
final class ChangeHandlers {
    private final ChatService service;
    private final Requests requests;
    private final Responses responses;

    ChangeHandlers(ChatService service, Requests requests, Responses responses) {
        this.service = service;
        this.requests = requests;
        this.responses = responses;
    }

    void list(Context ctx) {
        long since = requests.since(ctx);
        List<ChatChange> changes = service.listChanges().list(requests.chat(ctx), since, requests.limit(ctx));
        long next = changes.isEmpty() ? since : changes.get(changes.size() - 1).seq();
        responses.json(ctx, 200, new ChangesView(changes.stream().map(ChangeView::of).toList(), next));
    }
}
