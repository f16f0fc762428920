package io.mailfleet.events;

import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.event.OriginalRecipient;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.model.event.TlsInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Valid events for the tests, one of each type and shape. */
public final class SampleEvents {

    public static final String MESSAGE_ID = "01HZX3T8M5Q4R7V2W9K0C6B1DE";
    public static final String MAILBOX_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private SampleEvents() {
    }

    public static MailAccepted mailAccepted() {
        return mailAccepted(MESSAGE_ID);
    }

    public static MailAccepted mailAccepted(String messageId) {
        return new MailAccepted(
                MailAccepted.CURRENT_VERSION,
                messageId,
                "4QXJ2K",
                Optional.of("sender@example.org"),
                List.of(
                        new Recipient("alice@example.com", Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS),
                                Optional.of(new OriginalRecipient("rfc822", "Alice@Example.com"))),
                        new Recipient("bob@example.com", Set.of(), Optional.empty())),
                Optional.of(DsnReturn.HDRS),
                Optional.of("QQ314159"),
                BodyType.EIGHT_BIT_MIME,
                false,
                "blobs/" + messageId,
                4_321,
                Instant.parse("2024-06-01T12:34:56.789123Z"),
                new ClientInfo("192.0.2.25", "mx.example.org",
                        Optional.of(new TlsInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384")),
                        Optional.of("sender@example.org"),
                        Listener.SUBMISSION));
    }

    /** A relay retry: the second attempt for one recipient, with the error of the first. */
    public static OutboundMail outboundRetry() {
        MailAccepted accepted = mailAccepted();
        return OutboundMail.firstAttempt(accepted, "example.com", accepted.recipients())
                .nextAttempt(List.of(accepted.recipients().get(1)), java.util.Map.of("bob@example.com", "smtp; 451 4.3.0 later"));
    }

    /** The other shape: null reverse-path, absent optionals, a UTF-8 recipient. */
    public static MailAccepted bounce() {
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

    public static MessageAdded messageAdded() {
        return new MessageAdded(MessageAdded.CURRENT_VERSION, "alice@example.com", MAILBOX_ID, "INBOX/Lists",
                4_294_967_295L, 77, List.of("\\Seen", "$Forwarded"), MESSAGE_ID, 4_321);
    }

    public static MessageExpunged messageExpunged() {
        return new MessageExpunged(MessageExpunged.CURRENT_VERSION, "alice@example.com", MAILBOX_ID,
                List.of(3L, 9L, 4_000_000_000L), 78);
    }

    public static FlagsChanged flagsChanged() {
        return new FlagsChanged(FlagsChanged.CURRENT_VERSION, "alice@example.com", MAILBOX_ID, 9, 79,
                List.of("\\Answered", "\\Seen"));
    }

    public static List<Record> all() {
        return List.of(mailAccepted(), bounce(), messageAdded(), messageExpunged(), flagsChanged(), outboundRetry());
    }
}
