package io.mailfleet.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Valid sample events for the tests; each test changes only what it is about. */
final class Events {

    static final String MESSAGE_ID = "01HZX3T8M5Q4R7V2W9K0C6B1DE";
    static final String MAILBOX_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private Events() {
    }

    static MailAccepted mailAccepted() {
        return new MailAccepted(
                MailAccepted.CURRENT_VERSION,
                MESSAGE_ID,
                "4QXJ2K",
                Optional.of("sender@example.org"),
                List.of(
                        new Recipient("alice@example.com", Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS),
                                Optional.of(new OriginalRecipient("rfc822", "Alice@Example.com"))),
                        new Recipient("\"bob smith\"@example.com", Set.of(), Optional.empty())),
                Optional.of(DsnReturn.HDRS),
                Optional.of("QQ314159"),
                BodyType.EIGHT_BIT_MIME,
                false,
                "blobs/2024/01HZX3T8M5Q4R7V2W9K0C6B1DE",
                4_321,
                Instant.parse("2024-06-01T12:34:56.789123Z"),
                new ClientInfo("192.0.2.25", "mx.example.org",
                        Optional.of(new TlsInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384")),
                        Optional.of("sender@example.org"),
                        Listener.SUBMISSION),
                Optional.of("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                Optional.of(new ContentFacts(Map.of("subject", "Quarterly figures", "date", "Mon, 23 Nov 2026 10:00:00 +0000",
                        "from", "Ann <ann@example.org>"), "AQIDBA==")));
    }

    /** A bounce: null reverse-path, no DSN parameters, plaintext, unauthenticated. */
    static MailAccepted bounce() {
        return new MailAccepted(
                MailAccepted.CURRENT_VERSION,
                MESSAGE_ID,
                "4QXJ2L",
                Optional.empty(),
                List.of(new Recipient("用户@例子.广告", Set.of(DsnNotify.NEVER), Optional.empty())),
                Optional.empty(),
                Optional.empty(),
                BodyType.SEVEN_BIT,
                true,
                "blobs/bounce",
                1_024,
                Instant.parse("2024-06-01T12:35:00Z"),
                new ClientInfo("2001:db8::25", "mx.example.net", Optional.empty(), Optional.empty(), Listener.MX));
    }

    static MessageAdded messageAdded() {
        return new MessageAdded(MessageAdded.CURRENT_VERSION, "alice@example.com", MAILBOX_ID, "INBOX/Lists",
                4_294_967_295L, 77, List.of("\\Seen", "$Forwarded"), MESSAGE_ID, 4_321);
    }

    static MessageExpunged messageExpunged() {
        return new MessageExpunged(MessageExpunged.CURRENT_VERSION, "alice@example.com", MAILBOX_ID,
                List.of(3L, 9L, 4_000_000_000L), 78);
    }

    static FlagsChanged flagsChanged() {
        return new FlagsChanged(FlagsChanged.CURRENT_VERSION, "alice@example.com", MAILBOX_ID, 9, 79,
                List.of("\\Answered", "\\Seen"));
    }
}
