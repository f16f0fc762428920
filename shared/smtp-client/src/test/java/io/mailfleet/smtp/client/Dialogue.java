package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Recipient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plays a scripted dialogue against a session the way the wiring would, checking every byte the
 * session writes. Steps:
 * <ul>
 *   <li>{@code S: text} a reply line from the server; consecutive ones arrive in one read</li>
 *   <li>{@code C: text} a line the session must have written since the last server input;
 *       consecutive ones are checked together, so a pipelined group is one write</li>
 *   <li>{@code TLS} the session asked for the handshake, which succeeds; {@code TLS FAILS}: it fails</li>
 *   <li>{@code BODY} / {@code CHUNK} the session asked for the message, dot-stuffed or as a BDAT chunk; it is sent</li>
 *   <li>{@code LOST}, {@code TIMEOUT}: the connection breaks, the deadline passes</li>
 * </ul>
 */
final class Dialogue {

    static final String HELO = "client.example";

    final SmtpClientSession session;
    final List<TransactionResult> results = new ArrayList<>();
    private final StringBuilder written = new StringBuilder();
    private final List<Effect> requests = new ArrayList<>();
    private boolean closed;

    Dialogue(SmtpClientSettings settings) {
        session = new SmtpClientSession(settings);
        take(session.connected());
    }

    /** Plaintext, no AUTH. */
    static Dialogue plain() {
        return new Dialogue(SmtpClientSettings.defaults(HELO).withTlsMode(TlsMode.NONE));
    }

    /** A plaintext session already past the greeting and EHLO, the server offering these extensions. */
    static Dialogue ready(String... extensions) {
        Dialogue d = plain();
        List<String> steps = new ArrayList<>(List.of("S: 220 mx.example.net ESMTP", "C: EHLO " + HELO));
        if (extensions.length == 0) {
            steps.add("S: 250 mx.example.net");
        } else {
            steps.add("S: 250-mx.example.net");
            for (int i = 0; i < extensions.length; i++) {
                steps.add("S: 250" + (i == extensions.length - 1 ? " " : "-") + extensions[i]);
            }
        }
        return d.play(steps.toArray(String[]::new));
    }

    static Recipient recipient(String address) {
        return new Recipient(address, Set.of(), Optional.empty());
    }

    /** A 7-bit message of {@code size} octets from alice@example.org to the addresses given. */
    static MailTransaction transaction(long size, String... recipients) {
        return MailTransaction.of(Optional.of(MailAddress.parse("alice@example.org")),
                Arrays.stream(recipients).map(Dialogue::recipient).toList(), size);
    }

    Dialogue send(MailTransaction transaction) {
        take(session.send(transaction));
        return this;
    }

    Dialogue play(String... steps) {
        int i = 0;
        while (i < steps.length) {
            String step = steps[i];
            if (step.startsWith("S: ") || step.startsWith("C: ")) {
                String prefix = step.substring(0, 3);
                StringBuilder group = new StringBuilder();
                while (i < steps.length && steps[i].startsWith(prefix)) {
                    group.append(steps[i++].substring(3)).append("\r\n");
                }
                if (prefix.equals("S: ")) {
                    assertThat(takeWritten()).as("written before the server's %s", group).isEmpty();
                    receive(group.toString().getBytes(StandardCharsets.UTF_8));
                } else {
                    assertThat(takeWritten()).isEqualTo(group.toString());
                }
                continue;
            }
            act(step);
            i++;
        }
        return this;
    }

    /** Feeds server octets as one read. */
    Dialogue receive(byte[] bytes) {
        take(session.receive(bytes));
        return this;
    }

    /** All the session wrote since the last check. */
    String takeWritten() {
        String text = written.toString();
        written.setLength(0);
        return text;
    }

    /** The text of the writes among these effects. */
    static String written(List<Effect> effects) {
        StringBuilder text = new StringBuilder();
        for (Effect effect : effects) {
            if (effect instanceof Effect.Write write) {
                text.append(new String(write.bytes(), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    boolean closed() {
        return closed;
    }

    TransactionResult result() {
        assertThat(results).as("transaction results").isNotEmpty();
        return results.get(results.size() - 1);
    }

    /** The last result as "address STATUS enhanced-status", one per recipient. */
    List<String> outcomes() {
        return result().recipients().stream()
                .map(r -> r.recipient().address() + " " + r.status() + " " + r.enhancedStatus())
                .collect(Collectors.toList());
    }

    private void act(String step) {
        switch (step) {
            case "TLS" -> {
                expectRequest(new Effect.StartTls());
                take(session.tlsStarted());
            }
            case "TLS FAILS" -> {
                expectRequest(new Effect.StartTls());
                take(session.tlsFailed("handshake_failure"));
            }
            case "BODY" -> {
                expectRequest(new Effect.SendBody(BodyFraming.DOT_STUFFED));
                take(session.bodySent());
            }
            case "CHUNK" -> {
                expectRequest(new Effect.SendBody(BodyFraming.CHUNK));
                take(session.bodySent());
            }
            case "LOST" -> take(session.connectionLost("Connection reset"));
            case "TIMEOUT" -> take(session.timedOut());
            default -> throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private void expectRequest(Effect expected) {
        assertThat(requests).as("requests of the wiring").containsExactly(expected);
        requests.clear();
    }

    private void take(List<Effect> effects) {
        for (Effect effect : effects) {
            assertThat(closed).as("effect after Close: %s", effect).isFalse();
            if (effect instanceof Effect.Write write) {
                written.append(new String(write.bytes(), StandardCharsets.UTF_8));
            } else if (effect instanceof Effect.TransactionFinished finished) {
                results.add(finished.result());
            } else if (effect instanceof Effect.Close) {
                closed = true;
            } else {
                requests.add(effect);
            }
        }
    }
}
