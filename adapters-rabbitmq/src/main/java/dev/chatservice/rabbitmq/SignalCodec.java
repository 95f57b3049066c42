package dev.chatservice.rabbitmq;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.port.ChangeSignal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of a batch of change signals: one line per signal, {@code created <token> <chat>} or
 * {@code changed <token> <chat> <seq>}. Plain text, since a signal is three fields and every node decodes all.
 */
final class SignalCodec {
    private SignalCodec() {}

    static byte[] encode(List<ChangeSignal> signals) {
        StringBuilder text = new StringBuilder(signals.size() * 48);
        for (ChangeSignal signal : signals) {
            if (signal instanceof ChangeSignal.ChatChanged c) {
                text.append("changed ").append(c.application().value()).append(' ').append(c.chat().value())
                        .append(' ').append(c.seq());
            } else {
                text.append("created ").append(signal.application().value()).append(' ')
                        .append(signal.chat().value());
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if a line is not a signal */
    static List<ChangeSignal> decode(byte[] body) {
        List<ChangeSignal> signals = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(" ");
            try {
                if (fields.length == 3 && fields[0].equals("created")) {
                    signals.add(new ChangeSignal.ChatCreated(new ApplicationToken(fields[1]),
                            new ChatNumber(Integer.parseInt(fields[2]))));
                } else if (fields.length == 4 && fields[0].equals("changed")) {
                    signals.add(new ChangeSignal.ChatChanged(new ApplicationToken(fields[1]),
                            new ChatNumber(Integer.parseInt(fields[2])), Long.parseLong(fields[3])));
                } else {
                    throw new IllegalArgumentException("not a change signal: " + line);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a change signal: " + line, e);
            }
        }
        return signals;
    }
}
