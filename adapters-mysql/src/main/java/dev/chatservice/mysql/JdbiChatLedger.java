package dev.chatservice.mysql;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The {@link ChatLedger} on MySQL 8.4 or MariaDB 10.11, through JDBI. */
public final class JdbiChatLedger implements ChatLedger {

    // Visible to the package so that QueryPlanTest can EXPLAIN them.
    static final String PENDING_INDEXING = SearchOutbox.PENDING;

    // STRAIGHT_JOIN pins the join order and FORCE INDEX the key, so the scan walks messages' id key in order and
    // stops at the limit whatever the relative table sizes tempt the optimizer to do: since messages are
    // clustered by chat, id is a secondary key, and a small table would otherwise be read whole and sorted.
    static final String LIVE_MESSAGES = """
            SELECT STRAIGHT_JOIN m.id, a.token, c.chat_number, m.message_number, m.body, m.version, m.sender
            FROM messages m FORCE INDEX (uk_messages_id)
            JOIN chats c ON c.id = m.chat_id
            JOIN applications a ON a.id = c.application_id
            WHERE m.id > :after AND m.deleted = FALSE AND c.deleted = FALSE
            ORDER BY m.id
            LIMIT :limit""";

    private final JdbiCalls calls;
    private final CounterReconciliation reconciliation;

    public JdbiChatLedger(Jdbi jdbi) {
        this.calls = new JdbiCalls(jdbi);
        this.reconciliation = new CounterReconciliation(calls);
    }

    @Override
    public List<ChangeSignal> apply(List<Command> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return calls.inTransaction(handle -> new BatchApply(handle, batch).run());
    }

    @Override
    public List<PendingIndexing> pendingIndexing(int limit) {
        return calls.withHandle(handle -> SearchOutbox.pending(handle, limit));
    }

    @Override
    public void completeIndexing(List<PendingIndexing> done) {
        List<Long> ids = done.stream().map(PendingIndexing::id).toList();
        calls.withHandle(handle -> {
            SearchOutbox.complete(handle, ids);
            return null;
        });
    }

    @Override
    public long reconcileCounters() {
        return reconciliation.run();
    }

    @Override
    public List<IndexableMessage> liveMessages(long afterPosition, int limit) {
        return calls.withHandle(handle -> handle.createQuery(LIVE_MESSAGES)
                .bind("after", afterPosition).bind("limit", limit)
                .map((rs, ctx) -> new IndexableMessage(rs.getLong("id"), new SearchUpdate.IndexMessage(
                        new MessageRef(new ChatRef(new ApplicationToken(rs.getString("token")),
                                new ChatNumber(rs.getInt("chat_number"))),
                                new MessageNumber(rs.getInt("message_number"))),
                        Rows.sender(rs.getString("sender")), new MessageBody(rs.getString("body")),
                        rs.getLong("version"))))
                .list());
    }
}
