package io.mailfleet.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.Response;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;

/**
 * A command answered with many untagged responses, as {@code UID FETCH 1:* (FLAGS)} of a large mailbox is:
 * they go out in few writes, octet for octet what they are one by one, and in their order around body data.
 */
class UntaggedWritesTest {

    private static final int RESPONSES = 6000;

    @Test
    void sendsManySmallResponsesInFewWritesOfTheSameOctets() {
        Harness harness = selected();
        List<Response> responses = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < RESPONSES; i++) {
            int msn = i % 18 + 1;
            responses.add(new FetchResponse(msn, List.of(FetchItem.Number.uid(msn), new FetchItem.Flags(flags(i), false))));
            expected.append("* ").append(msn).append(" FETCH (UID ").append(msn).append(" FLAGS (")
                    .append(i % 2 == 0 ? "\\Seen" : "").append("))\r\n");
        }
        expected.append("a3 OK FETCH completed\r\n");

        List<Effect> effects = answered(harness, responses);

        assertThat(transcript(effects)).isEqualTo(expected.toString());
        List<Effect.Write> writes = effects.stream().filter(Effect.Write.class::isInstance).map(Effect.Write.class::cast).toList();
        assertThat(writes).as("about 185 KB in three writes of 64 KiB or a response more, then the tagged OK").hasSize(4);
        assertThat(writes.get(0).bytes().length).isBetween(64 * 1024, 65 * 1024);
    }

    @Test
    void sendsBodyDataBetweenTheResponsesAroundIt() {
        Harness harness = selected();
        FetchItem.BodySection header = FetchItem.BodySection.body("HEADER", OptionalLong.empty(), FakeStore.HEADER.length());
        List<Response> responses = List.of(
                new FetchResponse(1, List.of(FetchItem.Number.uid(1), new FetchItem.Flags(Flags.EMPTY, false))),
                new FetchResponse(2, List.of(FetchItem.Number.uid(2), header)),
                new FetchResponse(3, List.of(FetchItem.Number.uid(3), new FetchItem.Flags(Flags.EMPTY, false))));

        List<Effect> effects = answered(harness, responses);

        assertThat(transcript(effects)).isEqualTo("* 1 FETCH (UID 1 FLAGS ())\r\n"
                + "* 2 FETCH (UID 2 BODY[HEADER] {" + FakeStore.HEADER.length() + "}\r\n[body of 2])\r\n"
                + "* 3 FETCH (UID 3 FLAGS ())\r\n"
                + "a3 OK FETCH completed\r\n");
    }

    private static Harness selected() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        harness.send("a1 LOGIN mrc secret\r\n");
        harness.send("a2 SELECT INBOX\r\n");
        return harness;
    }

    /** The effects of the session's answer to {@code UID FETCH 1:* (FLAGS)} when the store answers {@code responses}. */
    private static List<Effect> answered(Harness harness, List<Response> responses) {
        List<Effect> asked = harness.session.receive("a3 UID FETCH 1:* (FLAGS)\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(asked).singleElement().isInstanceOf(Effect.Ask.class);
        return harness.session.answer(Answer.Completed.ok(responses, "FETCH completed"));
    }

    private static Flags flags(int i) {
        return i % 2 == 0 ? Flags.of(Flag.SEEN) : Flags.EMPTY;
    }

    /** The octets the effects write, body data shown as {@code [body of UID]}. */
    private static String transcript(List<Effect> effects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Effect effect : effects) {
            if (effect instanceof Effect.Write write) {
                out.writeBytes(write.bytes());
            } else if (effect instanceof Effect.SendBody body) {
                out.writeBytes(("[body of " + body.uid() + "]").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
