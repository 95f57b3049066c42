package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatservice.domain.contract.Fixtures;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.port.ChangeSignal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire form of change signals. */
class SignalCodecTest {

    @Test
    void decode_encodedSignals_roundTripsInOrder() {
        ApplicationToken token = Fixtures.token();
        List<ChangeSignal> signals = List.of(new ChangeSignal.ChatCreated(token, new ChatNumber(3)),
                new ChangeSignal.ChatChanged(token, new ChatNumber(3), 1),
                new ChangeSignal.ChatChanged(token, new ChatNumber(Integer.MAX_VALUE), Long.MAX_VALUE));
        assertEquals(signals, SignalCodec.decode(SignalCodec.encode(signals)));
    }

    @Test
    void decode_malformedLine_isRefused() {
        for (String bad : List.of("changed", "changed t 1", "created !!! 1", "changed " + Fixtures.token().value()
                + " 1 0", "moved " + Fixtures.token().value() + " 1")) {
            assertThrows(IllegalArgumentException.class,
                    () -> SignalCodec.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
