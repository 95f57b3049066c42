package dev.chatservice.mysql;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Sender;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/** Turns result rows into domain values, and values into the column formats the adapters write. */
final class Rows {
    private Rows() {}

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /**
     * A DATETIME(3) value in UTC, as text. Connector/J takes MariaDB 10.x for MySQL 5.5.5 (the version
     * prefix MariaDB sends) and drops the milliseconds of every bound Timestamp; text keeps them, and no
     * time zone of the JVM, the driver or the session can shift it.
     */
    static String utc(Instant instant) {
        return DATETIME.format(instant);
    }

    /** Reads a DATETIME(3) column written by {@link #utc}. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    /** Reads the DATETIME(3) column at {@code index}, written by {@link #utc}. */
    static Instant instant(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static Application application(ResultSet rs) throws SQLException {
        return new Application(new ApplicationToken(rs.getString("token")), new ApplicationName(rs.getString("name")),
                count(rs, "chats_count"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static Chat chat(ResultSet rs) throws SQLException {
        return new Chat(new ChatNumber(rs.getInt("chat_number")), count(rs, "messages_count"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /**
     * A row of {@code chat_number, message_number, body, created_at, updated_at, sender}, in that order. By
     * position, because the driver's lookup of a column by name costs CPU on every row of every page.
     */
    static Message message(ResultSet rs) throws SQLException {
        return new Message(new ChatNumber(rs.getInt(1)), new MessageNumber(rs.getInt(2)), sender(rs.getString(6)),
                new MessageBody(rs.getString(3)), instant(rs, 4), instant(rs, 5));
    }

    /** A nullable sender column. */
    static Optional<Sender> sender(String column) {
        return Optional.ofNullable(column).map(Sender::new);
    }

    /** The column value of an optional sender. */
    static String sender(Optional<Sender> sender) {
        return sender.map(Sender::value).orElse(null);
    }

    /** An update id as the 16 bytes of its BINARY(16) column. */
    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    /** Reads an update id written by {@link #bytes}. */
    static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** A drifted counter must not make the row unreadable; reconcileCounters repairs it. */
    private static long count(ResultSet rs, String column) throws SQLException {
        return Math.max(0, rs.getLong(column));
    }
}
