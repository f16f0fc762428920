package io.mailfleet.model.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClientDigestTest {

    private static final String CLIENT = "From: ann@remote.example\r\nTo: bob@local.test\r\nSubject: hi\r\n"
            + "Message-ID: <1@remote.example>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nhello\r\n";

    /** As smtp-ingress writes it (TraceFields), for one attempt of the transaction. */
    private static String received(String queueId, String helo, String date) {
        return "Received: from " + helo + " ([192.0.2.7])\r\n\tby mx.local.test with ESMTP id " + queueId
                + "\r\n\tfor <bob@local.test>;\r\n\t" + date + "\r\n";
    }

    @Test
    void twoAttemptsOfOneMessageHaveOneDigestWhateverTheirTraceFields() throws IOException {
        Optional<byte[]> first = digest("Q1", received("Q1", "mx1.remote.example", "Mon, 23 Nov 2026 10:00:01 +0000") + CLIENT);
        Optional<byte[]> retry = digest("Q2", received("Q2", "mx2.remote.example", "Mon, 23 Nov 2026 10:09:41 +0000") + CLIENT);
        assertThat(first).isPresent();
        assertThat(retry).hasValueSatisfying(value -> assertThat(value).isEqualTo(first.get()));
        assertThat(first.get()).as("the sender and the client's octets").isEqualTo(sha256("ann@remote.example\0" + CLIENT));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "|", value = {
            "hello       | hello!",
            "Subject: hi | Subject: hi again",
            "Subject: hi | subject: hi",
            "hello       | 'hello '",
    })
    void messagesThatDifferAnywhereHaveDifferentDigests(String original, String changed) throws IOException {
        String other = CLIENT.replace(original, changed);
        assertThat(other).isNotEqualTo(CLIENT);
        assertThat(digest("Q1", received("Q1", "a.example", "d") + CLIENT).get())
                .isNotEqualTo(digest("Q2", received("Q2", "a.example", "d") + other).get());
    }

    @Test
    void theSenderIsPartOfTheDigest() throws IOException {
        String stored = received("Q1", "a.example", "d") + CLIENT;
        assertThat(ClientDigest.of("Q1", "ann@remote.example", input(stored)).get())
                .isNotEqualTo(ClientDigest.of("Q1", "", input(stored)).get());
    }

    @Test
    void theDateAndMessageIdIngressAddedOnSubmissionAreNotTheClients() throws IOException {
        String bare = "From: ann@local.test\r\nTo: bob@remote.example\r\n\r\nhello\r\n";
        String first = received("Q1", "laptop", "Mon, 23 Nov 2026 10:00:01 +0000")
                + "Date: Mon, 23 Nov 2026 10:00:01 +0000\r\nMessage-ID: <Q1@mx.local.test>\r\n" + bare;
        String retry = received("Q2", "laptop", "Mon, 23 Nov 2026 10:05:00 +0000")
                + "Date: Mon, 23 Nov 2026 10:05:00 +0000\r\nMessage-ID: <Q2@mx.local.test>\r\n" + bare;
        assertThat(digest("Q1", first).get()).isEqualTo(digest("Q2", retry).get()).isEqualTo(sha256("ann@remote.example\0" + bare));

        String withDate = "Date: Mon, 23 Nov 2026 09:59:00 +0000\r\n" + bare;
        assertThat(digest("Q3", received("Q3", "laptop", "d") + "Message-ID: <Q3@mx.local.test>\r\n" + withDate).get())
                .as("only the Message-ID added").isEqualTo(sha256("ann@remote.example\0" + withDate));
    }

    /** Ingress adds Date alone when the client sent a Message-ID but no Date: that cannot be told from the client's own. */
    @Test
    void aDateAddedAloneStaysInTheDigest() throws IOException {
        String client = "Message-ID: <2@local.test>\r\n\r\nhello\r\n";
        String stored = received("Q1", "laptop", "Mon, 23 Nov 2026 10:00:01 +0000") + "Date: Mon, 23 Nov 2026 10:00:01 +0000\r\n" + client;
        assertThat(digest("Q1", stored).get()).isEqualTo(sha256("ann@remote.example\0Date: Mon, 23 Nov 2026 10:00:01 +0000\r\n" + client));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "|", value = {
            "no trace field (a bounce, a test event)    | From: a@b.example\\r\\n\\r\\nx\\r\\n",
            "the trace field of another attempt        | Received: from a ([192.0.2.7])\\r\\n\\tby mx with ESMTP id Q9;\\r\\n\\td\\r\\nx: y\\r\\n\\r\\nx\\r\\n",
            "the queue id only as a prefix of another   | Received: from a ([192.0.2.7])\\r\\n\\tby mx with ESMTP id Q10;\\r\\n\\td\\r\\nx: y\\r\\n\\r\\nx\\r\\n",
            "a Received field of another server first   | Received: from relay by other with SMTP id Q1x;\\r\\n\\td\\r\\nx: y\\r\\n\\r\\nx\\r\\n",
    })
    void aBodyWithoutOurTraceFieldForTheQueueIdHasNoClientDigest(String what, String stored) throws IOException {
        assertThat(digest("Q1", stored.replace("\\r\\n", "\r\n").replace("\\t", "\t"))).isEmpty();
    }

    @Test
    void aFirstFieldLongerThanTheBoundIsNotOurs() throws IOException {
        String longField = "Received: from a ([192.0.2.7]) id Q1" + "\r\n\tx".repeat(ClientDigest.MAX_TRACE / 3) + "\r\n\r\nbody\r\n";
        assertThat(digest("Q1", longField)).isEmpty();
    }

    @Test
    void aLargeBodyIsReadToItsEnd() throws IOException {
        String large = CLIENT + "x".repeat(100_000) + "\r\n";
        assertThat(digest("Q1", received("Q1", "a", "d") + large).get()).isEqualTo(sha256("ann@remote.example\0" + large));
    }

    /** smtp-ingress feeds the body in the pieces it arrives in: where they are cut changes nothing. */
    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 7, 100, ClientDigest.MAX_TRACE - 1, ClientDigest.MAX_TRACE, ClientDigest.MAX_TRACE + 1, 1 << 20})
    void piecesOfAnySizeGiveTheDigestOfTheWhole(int piece) throws IOException {
        byte[] stored = (received("Q1", "a", "d") + CLIENT + "x".repeat(20_000) + "\r\n").getBytes(StandardCharsets.UTF_8);
        ClientDigest streamed = new ClientDigest("Q1", "ann@remote.example");
        for (int at = 0; at < stored.length; at += piece) {
            streamed.update(stored, at, Math.min(piece, stored.length - at));
        }
        assertThat(streamed.finish()).hasValueSatisfying(value -> assertThat(value)
                .isEqualTo(sha256("ann@remote.example\0" + CLIENT + "x".repeat(20_000) + "\r\n")));
    }

    @Test
    void aShortBodyThatIsNotOursHasNoDigestEitherWay() {
        ClientDigest streamed = new ClientDigest("Q1", "");
        streamed.update("x: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(streamed.finish()).isEmpty();
    }

    private static Optional<byte[]> digest(String queueId, String stored) throws IOException {
        return ClientDigest.of(queueId, "ann@remote.example", input(stored));
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
