package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.contract.Fixtures;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.Sender;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The binary wire format of commands: exact round trips, and strict rejection of anything else. */
class CommandCodecTest {
    private static final ChatRef CHAT = Fixtures.chat(Fixtures.token(), 42);
    private static final Instant ACCEPTED = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    static List<Command> everyCommandType() {
        return List.of(
                new CreateChatCommand(CHAT, ACCEPTED),
                new CreateMessageCommand(Fixtures.message(CHAT, 7), new MessageBody("héllo\n\tworld 👋"), ACCEPTED),
                new CreateMessageCommand(Fixtures.message(CHAT, 8), Optional.of(new Sender("user-42 ☃")),
                        new MessageBody("from someone"), ACCEPTED),
                new UpdateMessageCommand(UUID.randomUUID(), Fixtures.message(CHAT, 7), new MessageBody("edited"), ACCEPTED),
                new DeleteMessageCommand(Fixtures.message(CHAT, 7), ACCEPTED),
                new DeleteChatCommand(CHAT, ACCEPTED));
    }

    @ParameterizedTest
    @MethodSource("everyCommandType")
    void decode_encodedCommand_returnsEqualCommand(Command command) throws Exception {
        assertEquals(command, CommandCodec.decode(CommandCodec.encode(command)));
    }

    @Test
    void encode_createChat_startsWithVersionAndType() {
        byte[] bytes = CommandCodec.encode(new CreateChatCommand(CHAT, ACCEPTED));
        assertArrayEquals(new byte[] {CommandCodec.VERSION, 1}, Arrays.copyOf(bytes, 2));
    }

    @Test
    void encode_messageWithoutSender_staysVersionOne() {
        byte[] bytes = CommandCodec.encode(new CreateMessageCommand(Fixtures.message(CHAT, 1), new MessageBody("a"),
                ACCEPTED));
        assertArrayEquals(new byte[] {CommandCodec.VERSION, 2}, Arrays.copyOf(bytes, 2));
    }

    @Test
    void encode_longestSender_fitsAsVersionTwo() throws Exception {
        Command command = new CreateMessageCommand(Fixtures.message(CHAT, 1),
                Optional.of(new Sender("😀".repeat(Sender.MAX_LENGTH))), new MessageBody("a"), ACCEPTED);
        byte[] bytes = CommandCodec.encode(command);
        assertEquals(CommandCodec.VERSION_WITH_SENDER, bytes[0]);
        assertEquals(command, CommandCodec.decode(bytes));
    }

    @Test
    void decode_versionTwoMissingItsSender_throws() {
        byte[] bytes = CommandCodec.encode(new CreateMessageCommand(Fixtures.message(CHAT, 1), new MessageBody("a"),
                ACCEPTED));
        bytes[0] = CommandCodec.VERSION_WITH_SENDER;
        assertThrows(CommandCodec.UndecodableCommandException.class, () -> CommandCodec.decode(bytes));
    }

    @Test
    void encode_longestBody_fits() throws Exception {
        Command command = new CreateMessageCommand(Fixtures.message(CHAT, 1),
                new MessageBody("😀".repeat(MessageBody.MAX_LENGTH)), ACCEPTED);
        assertEquals(command, CommandCodec.decode(CommandCodec.encode(command)));
    }

    @Test
    void decode_unknownVersion_throws() {
        byte[] bytes = CommandCodec.encode(new CreateChatCommand(CHAT, ACCEPTED));
        bytes[0] = 99;
        assertThrows(CommandCodec.UndecodableCommandException.class, () -> CommandCodec.decode(bytes));
    }

    @Test
    void decode_unknownType_throws() {
        byte[] bytes = CommandCodec.encode(new CreateChatCommand(CHAT, ACCEPTED));
        bytes[1] = 77;
        assertThrows(CommandCodec.UndecodableCommandException.class, () -> CommandCodec.decode(bytes));
    }

    @Test
    void decode_truncated_throws() {
        byte[] bytes = CommandCodec.encode(new DeleteChatCommand(CHAT, ACCEPTED));
        assertThrows(CommandCodec.UndecodableCommandException.class,
                () -> CommandCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)));
    }

    @Test
    void decode_trailingBytes_throws() {
        byte[] bytes = CommandCodec.encode(new DeleteChatCommand(CHAT, ACCEPTED));
        assertThrows(CommandCodec.UndecodableCommandException.class,
                () -> CommandCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    }

    @Test
    void decode_valueTheDomainRejects_throws() {
        byte[] bytes = CommandCodec.encode(new CreateChatCommand(CHAT, ACCEPTED));
        int chatNumberAt = 2 + 1 + 32;
        Arrays.fill(bytes, chatNumberAt, chatNumberAt + 4, (byte) 0); // chat number 0
        assertThrows(CommandCodec.UndecodableCommandException.class, () -> CommandCodec.decode(bytes));
    }

    @Test
    void decode_invalidUtf8_throws() {
        byte[] bytes = CommandCodec.encode(new CreateChatCommand(CHAT, ACCEPTED));
        bytes[3] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        assertThrows(CommandCodec.UndecodableCommandException.class, () -> CommandCodec.decode(bytes));
    }

    @Test
    void decode_empty_throws() {
        assertThrows(CommandCodec.UndecodableCommandException.class, () -> CommandCodec.decode(new byte[0]));
    }
}
