package dev.chatservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.model.PageRequest.Direction;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.http.Views.HitView;
import dev.chatservice.http.Views.MessageUpdateView;
import dev.chatservice.http.Views.MessageView;
import dev.chatservice.http.Views.PageView;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** HTTP handlers for messages and message search. */
final class MessageHandlers {
    private static final Set<String> FIELDS = Set.of("body");
    private static final Set<String> CREATE_FIELDS = Set.of("body", "sender");

    private final ChatService service;
    private final Requests requests;
    private final Responses responses;

    MessageHandlers(ChatService service, Requests requests, Responses responses) {
        this.service = service;
        this.requests = requests;
        this.responses = responses;
    }

    void create(Context ctx) {
        ChatRef chat = requests.chat(ctx);
        JsonNode input = requests.object(ctx, CREATE_FIELDS);
        MessageBody body = new MessageBody(Requests.string(input, "body"));
        Optional<Sender> sender = Requests.optionalString(input, "sender").map(Sender::new);
        Allocation.Granted<MessageNumber> accepted = service.createMessage().create(chat, sender, body,
                requests.idempotencyKey(ctx));
        int number = accepted.number().value();
        responses.created(ctx, 202, "/applications/" + chat.application().value() + "/chats/"
                        + chat.chat().value() + "/messages/" + number, accepted.replayed(),
                new MessageView(number, chat.chat().value(), sender.map(Sender::value).orElse(null), body.value(),
                        accepted.acceptedAt(), accepted.acceptedAt()));
    }

    void list(Context ctx) {
        ChatRef chat = requests.chat(ctx);
        Paging.MessagesQuery query = Paging.messages(ctx, requests.limit(ctx));
        if (query.around().isPresent()) {
            List<MessageView> items = service.listMessages().around(chat, query.around().get(), query.limit())
                    .stream().map(MessageView::of).toList();
            responses.json(ctx, 200, new PageView<>(Paging.ordered(items, Direction.UP, query.order()), null));
            return;
        }
        PageRequest request = query.page().orElseThrow();
        Page<Message> page = service.listMessages().list(chat, request);
        List<MessageView> items = page.items().stream().map(MessageView::of).toList();
        responses.json(ctx, 200, new PageView<>(Paging.ordered(items, request.direction(), query.order()),
                Paging.nextCursor(request, page)));
    }

    void get(Context ctx) {
        responses.json(ctx, 200, MessageView.of(service.getMessage().get(requests.message(ctx))));
    }

    void update(Context ctx) {
        MessageRef message = requests.message(ctx);
        MessageBody body = new MessageBody(Requests.string(requests.object(ctx, FIELDS), "body"));
        Instant acceptedAt = service.updateMessage().update(message, body);
        responses.json(ctx, 202, new MessageUpdateView(message.message().value(), message.chat().chat().value(),
                body.value(), acceptedAt));
    }

    void delete(Context ctx) {
        service.deleteMessage().delete(requests.message(ctx));
        ctx.status(202);
    }

    void search(Context ctx) {
        ChatRef chat = requests.chat(ctx);
        SearchQuery query = SearchQuery.parse(ctx.queryParam("q"));
        SearchPage page = service.searchMessages().search(chat, query, sort(ctx), requests.limit(ctx),
                requests.cursor(ctx));
        responses.json(ctx, 200, new PageView<>(page.hits().stream().map(HitView::of).toList(),
                page.nextCursor().orElse(null)));
    }

    private static SearchOrder sort(Context ctx) {
        String sort = ctx.queryParam("sort");
        if (sort == null || sort.equals("relevance")) {
            return SearchOrder.RELEVANCE;
        }
        if (sort.equals("newest")) {
            return SearchOrder.NEWEST;
        }
        throw HttpProblem.badParameter("sort", "sort must be relevance or newest");
    }
}
