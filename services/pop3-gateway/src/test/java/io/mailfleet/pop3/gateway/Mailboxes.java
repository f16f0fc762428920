package io.mailfleet.pop3.gateway;

import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Accounts with messages in their INBOX, put in the shared store as delivery puts them there. */
public final class Mailboxes {

    public static final String PASSWORD = "correct horse battery staple";

    private final Backends backends;
    private final MessageIdGenerator ids = new MessageIdGenerator();

    public Mailboxes(Backends backends) {
        this.backends = backends;
        // Delivery creates the bucket in a running system; these tests deliver by themselves.
        backends.blobs().ensureBucket();
    }

    /** A new account in a new domain, with an INBOX. */
    public MailAddress account() {
        Domain domain = Domain.parse("p" + UUID.randomUUID().toString().substring(0, 8) + ".pop3.test");
        new CassandraDomainRepository(backends.store().session(), Clock.systemUTC()).create(domain);
        MailAddress address = MailAddress.parse("user@" + domain.ascii());
        new CassandraAccountRepository(backends.store().session()).create(new Account(address,
                new Argon2idPasswordHasher(Argon2Parameters.TESTING).hash(PASSWORD), OptionalLong.empty(), Instant.now()));
        backends.store().mailboxes().create(address.lookupKey(), MailboxPath.INBOX, Optional.empty());
        return address;
    }

    /** Stores the message (CRLF line ends) in the account's INBOX. */
    public String deliver(MailAddress account, String message) throws Exception {
        byte[] bytes = message.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        BlobRef blob = backends.blobs().put(new ByteArrayInputStream(bytes), bytes.length);
        backends.store().messages().append(inbox(account).id(),
                new NewMessage(ids.next(), blob.key().value(), bytes.length, Instant.now(), Flags.EMPTY));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Mailbox inbox(MailAddress account) {
        return backends.store().mailboxes().find(account.lookupKey(), MailboxPath.INBOX).orElseThrow();
    }

    public List<StoredMessage> messages(MailAddress account) {
        return backends.store().messages().list(inbox(account).id());
    }

    public static String message(String subject, String... body) {
        return "From: sender@example.org\nTo: user@example.test\nSubject: " + subject + "\nMessage-ID: <" + UUID.randomUUID()
                + "@example.org>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n" + String.join("\n", body) + "\n";
    }
}
