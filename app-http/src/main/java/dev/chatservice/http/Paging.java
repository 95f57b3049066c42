package dev.chatservice.http;

import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.model.PageRequest.Direction;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The list parameters of chats and messages: {@code cursor} and {@code order}, and for messages {@code before},
 * {@code after} and {@code around}. A cursor carries the direction of the page that issued it, so that it can
 * never page the wrong way whatever else a request says; {@code order} only orders the items of a response.
 * Going up, a cursor is the bare number it continues after, as it always was, so that cursors issued before
 * pages could go down keep working.
 */
final class Paging {
    private static final String DOWN = "d";
    private static final List<String> ANCHORS = List.of("cursor", "before", "after", "around");

    enum Order { ASC, DESC }

    /** A messages request: a page in a direction, or the window around one message (which has no cursor). */
    record MessagesQuery(Optional<PageRequest> page, Optional<MessageNumber> around, int limit, Order order) {}

    private Paging() {}

    /** The chats page asked for: from the first chat, or the last with {@code order=desc}, or a cursor. */
    static PageRequest chats(Context ctx, int limit) {
        Order order = order(ctx);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null) {
            return cursor(cursor, limit);
        }
        return order == Order.ASC ? PageRequest.first(limit) : PageRequest.last(limit);
    }

    static MessagesQuery messages(Context ctx, int limit) {
        Order order = order(ctx);
        String given = null;
        for (String name : ANCHORS) {
            if (ctx.queryParam(name) != null) {
                if (given != null) {
                    throw HttpProblem.badParameter(name, "before, after, around and cursor are mutually exclusive; "
                            + "this request has both " + given + " and " + name);
                }
                given = name;
            }
        }
        if (given == null) {
            return page(order == Order.ASC ? PageRequest.first(limit) : PageRequest.last(limit), limit, order);
        }
        String raw = ctx.queryParam(given);
        return switch (given) {
            case "cursor" -> page(cursor(raw, limit), limit, order);
            case "before" -> page(PageRequest.before(Requests.nonNegativeInt(raw, "before"), limit), limit, order);
            case "after" -> page(new PageRequest(Requests.nonNegativeInt(raw, "after"), limit), limit, order);
            default -> new MessagesQuery(Optional.empty(),
                    Optional.of(new MessageNumber(Requests.positiveInt(raw, "around"))), limit, order);
        };
    }

    /** The items of a page in the requested order; a page comes nearest to where it started first. */
    static <T> List<T> ordered(List<T> items, Direction direction, Order order) {
        boolean ascending = direction == Direction.UP;
        if (ascending == (order == Order.ASC)) {
            return items;
        }
        List<T> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        return reversed;
    }

    /** The cursor of the page after {@code page}, in its direction; null on the last page. */
    static String nextCursor(PageRequest request, Page<?> page) {
        return page.nextFrom()
                .map(from -> request.direction() == Direction.UP ? String.valueOf(from) : DOWN + from)
                .orElse(null);
    }

    private static MessagesQuery page(PageRequest request, int limit, Order order) {
        return new MessagesQuery(Optional.of(request), Optional.empty(), limit, order);
    }

    private static PageRequest cursor(String raw, int limit) {
        if (raw.startsWith(DOWN)) {
            return PageRequest.before(Requests.nonNegativeInt(raw.substring(DOWN.length()), "cursor"), limit);
        }
        return new PageRequest(Requests.nonNegativeInt(raw, "cursor"), limit);
    }

    static Order order(Context ctx) {
        String order = ctx.queryParam("order");
        if (order == null || order.equals("asc")) {
            return Order.ASC;
        }
        if (order.equals("desc")) {
            return Order.DESC;
        }
        throw HttpProblem.badParameter("order", "order must be asc or desc");
    }
}
