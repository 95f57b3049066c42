package dev.chatservice.mysql;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.NumberCeilings;
import org.jdbi.v3.core.Jdbi;

/** The {@link NumberCeilings} on MySQL 8.4 or MariaDB 10.11, through JDBI. */
public final class JdbiNumberCeilings implements NumberCeilings {

    private final JdbiCalls calls;

    public JdbiNumberCeilings(Jdbi jdbi) {
        this.calls = new JdbiCalls(jdbi);
    }

    @Override
    public long reserveChatNumbers(ApplicationToken application, int count) {
        // The upsert's row lock is held until commit, so the read-back sees only this reservation's ceiling.
        return calls.inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO chat_number_ceilings (application_token, ceiling) VALUES (:token, :count)
                            ON DUPLICATE KEY UPDATE ceiling = ceiling + :count""")
                    .bind("token", application.value()).bind("count", count).execute();
            return handle.createQuery("SELECT ceiling FROM chat_number_ceilings WHERE application_token = :token")
                    .bind("token", application.value()).mapTo(Long.class).one();
        });
    }

    @Override
    public long reserveMessageNumbers(ChatRef chat, int count) {
        return calls.inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO message_number_ceilings (application_token, chat_number, ceiling)
                            VALUES (:token, :chat, :implicit + :count)
                            ON DUPLICATE KEY UPDATE ceiling = GREATEST(ceiling, :implicit) + :count""")
                    .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                    .bind("implicit", IMPLICIT_MESSAGE_RESERVATION).bind("count", count).execute();
            return handle.createQuery("""
                            SELECT ceiling FROM message_number_ceilings
                            WHERE application_token = :token AND chat_number = :chat""")
                    .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                    .mapTo(Long.class).one();
        });
    }
}
