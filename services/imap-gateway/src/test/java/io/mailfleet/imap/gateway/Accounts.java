package io.mailfleet.imap.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.imap.gateway.processor.Contents;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.SortFields;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Accounts with mail in their INBOX, put in the shared store as delivery puts it there (parsed content first). */
final class Accounts {

    static final String PASSWORD = "correct horse battery staple";

    private final CqlSession session;
    private final MinioBlobStore blobs;
    private final CassandraMailboxRepository mailboxes;
    private final MessageIdGenerator ids = new MessageIdGenerator();

    Accounts(Backends backends) {
        this(backends.store().session(), backends.blobs());
    }

    /** On a store of the test's own, for a gateway that runs as a child process. */
    Accounts(CqlSession session, MinioBlobStore blobs) {
        this.session = session;
        this.blobs = blobs;
        this.mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        // Delivery creates the bucket in a running system; these tests deliver by themselves.
        blobs.ensureBucket();
    }

    /** A new account in a new domain with a quota of 10 MiB, an INBOX and a Trash. */
    MailAddress create() {
        return create(10L << 20);
    }

    /** A new account in a new domain with a quota of {@code quotaBytes}, an INBOX and a Trash. */
    MailAddress create(long quotaBytes) {
        Domain domain = Domain.parse("i" + UUID.randomUUID().toString().substring(0, 8) + ".imap.test");
        new CassandraDomainRepository(session, Clock.systemUTC()).create(domain);
        MailAddress address = MailAddress.parse("user@" + domain.ascii());
        new CassandraAccountRepository(session).create(new Account(address,
                new Argon2idPasswordHasher(Argon2Parameters.TESTING).hash(PASSWORD), OptionalLong.of(quotaBytes), Instant.now()));
        mailboxes.create(address.lookupKey(), MailboxPath.INBOX, Optional.empty());
        mailboxes.create(address.lookupKey(), MailboxPath.parse("Trash"), Optional.of("\\Trash"));
        return address;
    }

    /** Stores the message (CRLF line ends) in the account's INBOX. */
    String deliver(MailAddress account, String message) throws Exception {
        return deliver(account, MailboxPath.INBOX, message);
    }

    /**
     * Stores the message (CRLF line ends) in one of the account's mailboxes, its row with its sort keys and text
     * signature as delivery writes it.
     */
    String deliver(MailAddress account, MailboxPath mailbox, String message) throws Exception {
        return deliver(account, mailbox, message, true, true, true);
    }

    /** Stores the message in the account's INBOX as rows were written before they kept sort keys (and text signatures). */
    String deliverWithoutSortKeys(MailAddress account, String message) throws Exception {
        return deliver(account, MailboxPath.INBOX, message, false, false, false);
    }

    /** Stores the message in the account's INBOX as a row written before rows kept text signatures, with its sort keys. */
    String deliverWithoutSignature(MailAddress account, String message) throws Exception {
        return deliver(account, MailboxPath.INBOX, message, true, true, false);
    }

    /** Stores the message in the account's INBOX as a row written before rows kept threading facts, with its sort keys. */
    String deliverWithoutThreadFacts(MailAddress account, String message) throws Exception {
        return deliver(account, MailboxPath.INBOX, message, true, false, true);
    }

    private String deliver(MailAddress account, MailboxPath mailbox, String message, boolean sortKeys, boolean threadFacts,
                           boolean signed) throws Exception {
        byte[] bytes = message.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        BlobRef blob = blobs.put(new ByteArrayInputStream(bytes), bytes.length);
        MessageContent content = Contents.index(blob.key().value(), new ByteArrayInputStream(bytes));
        new CassandraMessageContentRepository(session).put(content);
        Instant arrival = Instant.now();
        new CassandraMessageRepository(session).append(mailboxes.find(account.lookupKey(), mailbox).orElseThrow().id(),
                new NewMessage(ids.next(), blob.key().value(), bytes.length, arrival, Flags.EMPTY,
                        sortKeys ? keys(SortFieldsOf.of(content, arrival), threadFacts) : null,
                        signed ? content.textSignature() : null));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static SortFields keys(SortFields keys, boolean threadFacts) {
        return threadFacts ? keys : new SortFields(keys.sentDate(), keys.subject(), keys.from(), keys.to(), keys.cc(),
                keys.displayFrom(), keys.displayTo(), null);
    }

    /**
     * Appends a message per entry of {@code flags} to the account's INBOX, with those flags, in bulk: a large
     * mailbox for commands that read only flags, as the messages' blobs are not stored.
     */
    void fill(MailAddress account, List<Flags> flags) {
        MailboxId inbox = mailboxes.find(account.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        for (int from = 0; from < flags.size(); from += MessageRepository.MAX_ATOMIC_APPEND) {
            messages.appendAll(inbox, flags.subList(from, Math.min(flags.size(), from + MessageRepository.MAX_ATOMIC_APPEND))
                    .stream().map(each -> new NewMessage(ids.next(), "sha256/" + UUID.randomUUID(), 100, Instant.now(), each))
                    .toList());
        }
    }

    static String message(String subject, String... body) {
        return "From: Sender <sender@example.org>\nTo: user@example.test\nSubject: " + subject + "\nMessage-ID: <"
                + UUID.randomUUID() + "@example.org>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n" + String.join("\n", body) + "\n";
    }

    static String multipart(String subject) {
        return "From: Sender <sender@example.org>\nTo: user@example.test\nSubject: " + subject
                + "\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
                + "--b\nContent-Type: text/plain\n\nthe first part\n--b\nContent-Type: text/x-note\n\nthe second part\n--b--\n";
    }
}
