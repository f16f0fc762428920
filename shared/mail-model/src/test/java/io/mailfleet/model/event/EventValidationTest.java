package io.mailfleet.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidationTest {

    private static final String ACCOUNT = "alice@example.com";
    private static final String MAILBOX = Events.MAILBOX_ID;

    private static MailAccepted accepted(String messageId, String queueId, Optional<String> sender,
            List<Recipient> recipients, Optional<String> envelopeId, boolean smtpUtf8, long size) {
        MailAccepted valid = Events.mailAccepted();
        return new MailAccepted(valid.version(), messageId, queueId, sender, recipients, valid.dsnReturn(),
                envelopeId, valid.bodyType(), smtpUtf8, valid.blobKey(), size, valid.receivedAt(), valid.client());
    }

    private static List<Recipient> recipients(String address) {
        return List.of(new Recipient(address, Set.of(), Optional.empty()));
    }

    private static MailAccepted withDigest(String hex) {
        MailAccepted v = Events.mailAccepted();
        return new MailAccepted(v.version(), v.messageId(), v.queueId(), v.sender(), v.recipients(), v.dsnReturn(),
                v.envelopeId(), v.bodyType(), v.smtpUtf8(), v.blobKey(), v.size(), v.receivedAt(), v.client(), Optional.of(hex));
    }

    static Stream<Arguments> invalidEvents() {
        MailAccepted valid = Events.mailAccepted();
        Optional<String> sender = valid.sender();
        List<Recipient> rcpts = valid.recipients();
        Optional<String> envid = valid.envelopeId();
        String id = Events.MESSAGE_ID;
        List<String> seen = List.of("\\Seen");
        List<Long> nullUid = new ArrayList<>();
        nullUid.add(null);
        return Stream.of(
                arguments("version 0", (ThrowingCallable) () -> new FlagsChanged(0, ACCOUNT, MAILBOX, 1, 1, seen),
                        "event version must be at least 1, got 0"),
                arguments("bad message id", (ThrowingCallable) () -> accepted("nope", "q", sender, rcpts, envid, false, 1),
                        "message id must be 26 characters"),
                arguments("blank queue id", (ThrowingCallable) () -> accepted(id, " ", sender, rcpts, envid, false, 1),
                        "queueId is blank"),
                arguments("null sender", (ThrowingCallable) () -> accepted(id, "q", null, rcpts, envid, false, 1),
                        "sender"),
                arguments("bad sender", (ThrowingCallable) () -> accepted(id, "q", Optional.of("no-at"), rcpts, envid, false, 1),
                        "no '@'"),
                arguments("no recipients", (ThrowingCallable) () -> accepted(id, "q", sender, List.of(), envid, false, 1),
                        "recipients is empty"),
                arguments("UTF-8 recipient without SMTPUTF8",
                        (ThrowingCallable) () -> accepted(id, "q", sender, recipients("用户@example.com"), envid, false, 1),
                        "without SMTPUTF8"),
                arguments("UTF-8 sender without SMTPUTF8",
                        (ThrowingCallable) () -> accepted(id, "q", Optional.of("用户@example.com"), rcpts, envid, false, 1),
                        "without SMTPUTF8"),
                arguments("blank ENVID", (ThrowingCallable) () -> accepted(id, "q", sender, rcpts, Optional.of(""), false, 1),
                        "envelopeId is blank"),
                arguments("client digest not SHA-256 hex", (ThrowingCallable) () -> withDigest("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"),
                        "clientDigest is not a SHA-256 in lowercase hex"),
                arguments("client digest too short", (ThrowingCallable) () -> withDigest("9f86d081"),
                        "clientDigest is not a SHA-256 in lowercase hex"),
                arguments("size 0", (ThrowingCallable) () -> accepted(id, "q", sender, rcpts, envid, false, 0),
                        "size must be positive, got 0"),
                arguments("NOTIFY=NEVER with others",
                        (ThrowingCallable) () -> new Recipient(ACCOUNT, Set.of(DsnNotify.NEVER, DsnNotify.DELAY), Optional.empty()),
                        "NOTIFY=NEVER cannot be combined"),
                arguments("bad recipient", (ThrowingCallable) () -> new Recipient("a b@example.com", Set.of(), Optional.empty()),
                        "invalid character U+0020"),
                arguments("blank ORCPT type", (ThrowingCallable) () -> new OriginalRecipient("", "a@example.com"),
                        "addressType is blank"),
                arguments("blank remote IP", (ThrowingCallable) () -> new ClientInfo(" ", "helo", Optional.empty(),
                        Optional.empty(), Listener.MX), "remoteIp is blank"),
                arguments("blank SASL user", (ThrowingCallable) () -> new ClientInfo("192.0.2.1", "helo", Optional.empty(),
                        Optional.of(""), Listener.MX), "authenticatedUser is blank"),
                arguments("no listener", (ThrowingCallable) () -> new ClientInfo("192.0.2.1", "helo", Optional.empty(),
                        Optional.empty(), null), "listener"),
                arguments("blank cipher", (ThrowingCallable) () -> new TlsInfo("TLSv1.3", ""), "cipherSuite is blank"),
                arguments("UID 0", (ThrowingCallable) () -> new MessageAdded(1, ACCOUNT, MAILBOX, "INBOX", 0, 1, seen, id, 1),
                        "UID 0 is outside"),
                arguments("MODSEQ 0", (ThrowingCallable) () -> new MessageAdded(1, ACCOUNT, MAILBOX, "INBOX", 1, 0, seen, id, 1),
                        "MODSEQ 0 is outside"),
                arguments("\\Recent stored", (ThrowingCallable) () -> new MessageAdded(1, ACCOUNT, MAILBOX, "INBOX", 1, 1,
                        List.of("\\Recent"), id, 1), "per-session state"),
                arguments("bad mailbox id", (ThrowingCallable) () -> new MessageAdded(1, ACCOUNT, "1-2-3-4-5", "INBOX", 1, 1,
                        seen, id, 1), "not a canonical UUID"),
                arguments("bad mailbox path", (ThrowingCallable) () -> new MessageAdded(1, ACCOUNT, MAILBOX, "a//b", 1, 1,
                        seen, id, 1), "empty level"),
                arguments("bad account", (ThrowingCallable) () -> new MessageAdded(1, "alice", MAILBOX, "INBOX", 1, 1,
                        seen, id, 1), "no '@'"),
                arguments("negative size", (ThrowingCallable) () -> new MessageAdded(1, ACCOUNT, MAILBOX, "INBOX", 1, 1,
                        seen, id, -5), "size must be positive"),
                arguments("no UIDs", (ThrowingCallable) () -> new MessageExpunged(1, ACCOUNT, MAILBOX, List.of(), 1),
                        "uids is empty"),
                arguments("UID beyond 32 bits", (ThrowingCallable) () -> new MessageExpunged(1, ACCOUNT, MAILBOX,
                        List.of(0x1_0000_0000L), 1), "outside 1..4294967295"),
                arguments("null UID", (ThrowingCallable) () -> new MessageExpunged(1, ACCOUNT, MAILBOX, nullUid, 1), "uid"),
                arguments("bad flag", (ThrowingCallable) () -> new FlagsChanged(1, ACCOUNT, MAILBOX, 1, 1,
                        List.of("two words")), "not an IMAP atom character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void rejects(String description, ThrowingCallable construction, String reason) {
        assertThatThrownBy(construction)
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void mailAcceptedCanonicalisesAndConverts() {
        MailAccepted valid = Events.mailAccepted();
        MailAccepted event = accepted(Events.MESSAGE_ID.toLowerCase(), "q", Optional.of("Sender@EXAMPLE.org"),
                recipients("\"bob\"@Example.COM"), Optional.empty(), false, 10);

        assertThat(event.messageId()).isEqualTo(Events.MESSAGE_ID);
        assertThat(event.sender()).contains("Sender@example.org");
        assertThat(event.recipients().get(0).address()).isEqualTo("bob@example.com");
        assertThat(event.toMessageId()).isEqualTo(MessageId.parse(Events.MESSAGE_ID));
        assertThat(event.toSender()).contains(MailAddress.parse("Sender@example.org"));
        assertThat(event.recipients().get(0).toAddress()).isEqualTo(MailAddress.parse("bob@example.com"));
        assertThat(Events.bounce().toSender()).isEmpty();
        assertThat(valid.recipients()).isUnmodifiable();
    }

    @Test
    void recipientKeepsNotifyInFixedOrder() {
        Set<DsnNotify> unordered = new HashSet<>(List.of(DsnNotify.DELAY, DsnNotify.SUCCESS, DsnNotify.FAILURE));

        Recipient recipient = new Recipient(ACCOUNT, unordered, Optional.empty());

        assertThat(recipient.dsnNotify()).containsExactly(DsnNotify.SUCCESS, DsnNotify.FAILURE, DsnNotify.DELAY);
        assertThatThrownBy(() -> recipient.dsnNotify().add(DsnNotify.NEVER))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Recipient(ACCOUNT, Set.of(DsnNotify.NEVER), Optional.empty()).dsnNotify())
                .containsExactly(DsnNotify.NEVER);
    }

    @Test
    void messageAddedCanonicalisesAndConverts() {
        MessageAdded event = new MessageAdded(1, "Alice@EXAMPLE.com", MAILBOX.toUpperCase(), "inbox/Lists", 7, 8,
                List.of("work", "\\seen", "WORK"), Events.MESSAGE_ID.toLowerCase(), 99);

        assertThat(event.account()).isEqualTo("Alice@example.com");
        assertThat(event.mailboxId()).isEqualTo(MAILBOX);
        assertThat(event.mailboxPath()).isEqualTo("INBOX/Lists");
        assertThat(event.flags()).containsExactly("\\Seen", "work");
        assertThat(event.messageId()).isEqualTo(Events.MESSAGE_ID);
        assertThat(event.toMailboxId()).isEqualTo(MailboxId.parse(MAILBOX));
        assertThat(event.toMailboxPath()).isEqualTo(MailboxPath.parse("INBOX/Lists"));
        assertThat(event.toUid()).isEqualTo(Uid.of(7));
        assertThat(event.toModSeq()).isEqualTo(ModSeq.of(8));
        assertThat(event.toFlags()).isEqualTo(Flags.of(Flag.SEEN, Flag.parse("Work")));
        assertThat(event.toMessageId()).isEqualTo(MessageId.parse(Events.MESSAGE_ID));
    }

    @Test
    void messageExpungedSortsAndDeduplicatesUids() {
        MessageExpunged event = new MessageExpunged(1, ACCOUNT, MAILBOX, List.of(9L, 3L, 9L, 1L), 5);

        assertThat(event.uids()).containsExactly(1L, 3L, 9L);
        assertThat(event.toUids()).containsExactly(Uid.of(1), Uid.of(3), Uid.of(9));
        assertThat(event.toMailboxId()).isEqualTo(MailboxId.parse(MAILBOX));
        assertThat(event.toModSeq()).isEqualTo(ModSeq.of(5));
        assertThatThrownBy(() -> event.uids().add(2L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void flagsChangedCanonicalisesAndConverts() {
        FlagsChanged event = new FlagsChanged(1, ACCOUNT, MAILBOX, 4, 6, List.of("\\DELETED", "\\Seen"));

        assertThat(event.flags()).containsExactly("\\Deleted", "\\Seen");
        assertThat(event.toFlags()).isEqualTo(Flags.of(Flag.DELETED, Flag.SEEN));
        assertThat(event.toUid()).isEqualTo(Uid.of(4));
        assertThat(event.toModSeq()).isEqualTo(ModSeq.of(6));
        assertThat(event.toMailboxId()).isEqualTo(MailboxId.parse(MAILBOX));
        assertThat(new FlagsChanged(1, ACCOUNT, MAILBOX, 4, 6, List.of()).toFlags().isEmpty()).isTrue();
    }

    @Test
    void mailboxEventsShareTheirKeyFields() {
        List<MailboxEvent> events = List.of(Events.messageAdded(), Events.messageExpunged(), Events.flagsChanged());

        assertThat(events).extracting(MailboxEvent::account).containsOnly(ACCOUNT);
        assertThat(events).extracting(MailboxEvent::mailboxId).containsOnly(MAILBOX);
        assertThat(events).extracting(MailboxEvent::modSeq).containsExactly(77L, 78L, 79L);
        assertThat(events).extracting(MailboxEvent::version).containsOnly(1);
    }
}
