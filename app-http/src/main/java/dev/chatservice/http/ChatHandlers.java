package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.http.Views.ChatView;
import dev.chatservice.http.Views.PageView;
import io.javalin.http.Context;
import java.util.List;

/** HTTP handlers for chats. */
final class ChatHandlers {
    private final ChatService service;
    private final Requests requests;
    private final Responses responses;

    ChatHandlers(ChatService service, Requests requests, Responses responses) {
        this.service = service;
        this.requests = requests;
        this.responses = responses;
    }

    void create(Context ctx) {
        ApplicationToken token = requests.token(ctx);
        Allocation.Granted<ChatNumber> accepted = service.createChat().create(token, requests.idempotencyKey(ctx));
        int number = accepted.number().value();
        responses.created(ctx, 202, "/applications/" + token.value() + "/chats/" + number, accepted.replayed(),
                new ChatView(number, 0, accepted.acceptedAt(), accepted.acceptedAt()));
    }

    void list(Context ctx) {
        PageRequest request = Paging.chats(ctx, requests.limit(ctx));
        Page<Chat> page = service.listChats().list(requests.token(ctx), request);
        List<ChatView> items = page.items().stream().map(ChatView::of).toList();
        responses.json(ctx, 200, new PageView<>(Paging.ordered(items, request.direction(), Paging.order(ctx)),
                Paging.nextCursor(request, page)));
    }

    void get(Context ctx) {
        responses.json(ctx, 200, ChatView.of(service.getChat().get(requests.chat(ctx))));
    }

    void delete(Context ctx) {
        service.deleteChat().delete(requests.chat(ctx));
        ctx.status(202);
    }
}
