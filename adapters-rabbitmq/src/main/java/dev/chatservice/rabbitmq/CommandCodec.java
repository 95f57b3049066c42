package dev.chatservice.rabbitmq;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Sender;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The wire format of commands on the queue: a compact, versioned binary layout written by hand, so the domain
 * stays free of serialization annotations.
 *
 * <p>Version 1, all integers big-endian:
 * <pre>
 *   u8  format version (1)
 *   u8  type: 1 CreateChatCommand, 2 CreateMessageCommand, 3 UpdateMessageCommand, 4 DeleteMessageCommand, 5 DeleteChatCommand
 *   [UpdateMessageCommand only] i64 i64  update id (most, least significant bits)
 *   u8 + bytes   application token (UTF-8)
 *   i32          chat number
 *   [message commands] i32  message number
 *   [CreateMessageCommand, UpdateMessageCommand] u16 + bytes  body (UTF-8)
 *   i64 i32      acceptedAt: epoch seconds, nanoseconds
 * </pre>
 * <p>Version 2 is version 1 with one more field at the end of a CreateMessageCommand, after the body:
 * <pre>
 *   [CreateMessageCommand only] u16 + bytes  sender (UTF-8)
 * </pre>
 * A command is written as version 1 whenever it fits (every command but a message with a sender), so that
 * nodes that only read version 1 go on reading everything they can represent during a rolling upgrade.
 *
 * <p>A new layout gets a new version byte; decoders keep reading the old ones until no queue can hold them.
 * Decoding is strict: a short, long or otherwise invalid message is rejected as a whole, never half-read.
 */
public final class CommandCodec {
    /** The version this codec writes for every command that fits it. */
    public static final byte VERSION = 1;
    /** The version this codec writes for a message with a sender, and the newest it reads. */
    public static final byte VERSION_WITH_SENDER = 2;

    private static final byte CREATE_CHAT = 1;
    private static final byte CREATE_MESSAGE = 2;
    private static final byte UPDATE_MESSAGE = 3;
    private static final byte DELETE_MESSAGE = 4;
    private static final byte DELETE_CHAT = 5;
    private static final int MAX_BODY_BYTES = 0xFFFF;

    private CommandCodec() {}

    /** Thrown for bytes that are not a command this codec can read: a poison message. */
    public static final class UndecodableCommandException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableCommandException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] encode(Command command) {
        byte[] token = command.chat().application().value().getBytes(StandardCharsets.UTF_8);
        byte[] body = command instanceof CreateMessageCommand create ? utf8(create.body())
                : command instanceof UpdateMessageCommand update ? utf8(update.body()) : new byte[0];
        byte[] sender = command instanceof CreateMessageCommand create && create.sender().isPresent()
                ? create.sender().get().value().getBytes(StandardCharsets.UTF_8) : null;
        int senderBytes = sender == null ? 0 : 2 + sender.length;
        ByteBuffer out = ByteBuffer.allocate(2 + 16 + 1 + token.length + 4 + 4 + 2 + body.length + senderBytes + 12);
        out.put(sender == null ? VERSION : VERSION_WITH_SENDER);
        // Java 17 has no pattern matching for switch; the sealed hierarchy keeps this chain complete.
        if (command instanceof CreateChatCommand create) {
            out.put(CREATE_CHAT);
            putChat(out, token, create.chat());
        } else if (command instanceof CreateMessageCommand create) {
            out.put(CREATE_MESSAGE);
            putMessage(out, token, create.message());
            putBody(out, body);
            if (sender != null) {
                // 255 code points are at most 1,020 bytes: a valid sender always fits a u16.
                putBody(out, sender);
            }
        } else if (command instanceof UpdateMessageCommand update) {
            out.put(UPDATE_MESSAGE);
            out.putLong(update.id().getMostSignificantBits());
            out.putLong(update.id().getLeastSignificantBits());
            putMessage(out, token, update.message());
            putBody(out, body);
        } else if (command instanceof DeleteMessageCommand delete) {
            out.put(DELETE_MESSAGE);
            putMessage(out, token, delete.message());
        } else if (command instanceof DeleteChatCommand delete) {
            out.put(DELETE_CHAT);
            putChat(out, token, delete.chat());
        } else {
            throw new IllegalArgumentException("no wire format for " + command.getClass().getName());
        }
        out.putLong(command.acceptedAt().getEpochSecond());
        out.putInt(command.acceptedAt().getNano());
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    public static Command decode(byte[] bytes) throws UndecodableCommandException {
        if (bytes == null || bytes.length < 2) {
            throw new UndecodableCommandException("too short to be a command", null);
        }
        if (bytes[0] != VERSION && bytes[0] != VERSION_WITH_SENDER) {
            throw new UndecodableCommandException("unknown format version " + (bytes[0] & 0xFF), null);
        }
        boolean withSender = bytes[0] == VERSION_WITH_SENDER;
        ByteBuffer in = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        try {
            Command command = switch (bytes[1]) {
                case CREATE_CHAT -> new CreateChatCommand(chat(in), instant(in));
                case CREATE_MESSAGE -> createMessage(in, withSender);
                case UPDATE_MESSAGE -> new UpdateMessageCommand(new UUID(in.getLong(), in.getLong()), message(in), body(in),
                        instant(in));
                case DELETE_MESSAGE -> new DeleteMessageCommand(message(in), instant(in));
                case DELETE_CHAT -> new DeleteChatCommand(chat(in), instant(in));
                default -> throw new UndecodableCommandException("unknown command type " + (bytes[1] & 0xFF), null);
            };
            if (in.hasRemaining()) {
                throw new UndecodableCommandException(in.remaining() + " unexpected trailing bytes", null);
            }
            return command;
        } catch (BufferUnderflowException e) {
            throw new UndecodableCommandException("truncated command", e);
        } catch (IllegalArgumentException | java.time.DateTimeException | NullPointerException e) {
            // The domain's values reject what they cannot hold (InvalidValueException is an IllegalArgumentException).
            throw new UndecodableCommandException("invalid command: " + e.getMessage(), e);
        }
    }


    private static CreateMessageCommand createMessage(ByteBuffer in, boolean withSender)
            throws UndecodableCommandException {
        MessageRef message = message(in);
        MessageBody body = body(in);
        Optional<Sender> sender = withSender ? Optional.of(new Sender(string(in, in.getShort() & 0xFFFF)))
                : Optional.empty();
        return new CreateMessageCommand(message, sender, body, instant(in));
    }

    private static void putChat(ByteBuffer out, byte[] token, ChatRef chat) {
        if (token.length > 0xFF) {
            throw new IllegalArgumentException("token of " + token.length + " bytes does not fit the format");
        }
        out.put((byte) token.length);
        out.put(token);
        out.putInt(chat.chat().value());
    }

    private static void putMessage(ByteBuffer out, byte[] token, MessageRef message) {
        putChat(out, token, message.chat());
        out.putInt(message.message().value());
    }

    private static byte[] utf8(MessageBody body) {
        byte[] bytes = body.value().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            // 4,096 code points are at most 16,384 bytes, so a valid body always fits.
            throw new IllegalArgumentException("body of " + bytes.length + " bytes does not fit the format");
        }
        return bytes;
    }

    private static void putBody(ByteBuffer out, byte[] body) {
        out.putShort((short) body.length);
        out.put(body);
    }

    private static ChatRef chat(ByteBuffer in) throws UndecodableCommandException {
        String token = string(in, in.get() & 0xFF);
        return new ChatRef(new ApplicationToken(token), new ChatNumber(in.getInt()));
    }

    private static MessageRef message(ByteBuffer in) throws UndecodableCommandException {
        ChatRef chat = chat(in);
        return new MessageRef(chat, new MessageNumber(in.getInt()));
    }

    private static MessageBody body(ByteBuffer in) throws UndecodableCommandException {
        return new MessageBody(string(in, in.getShort() & 0xFFFF));
    }

    private static Instant instant(ByteBuffer in) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanoseconds out of range: " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String string(ByteBuffer in, int length) throws UndecodableCommandException {
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new UndecodableCommandException("text is not valid UTF-8", e);
        }
    }
}
