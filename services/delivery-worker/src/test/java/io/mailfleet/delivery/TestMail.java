package io.mailfleet.delivery;

import io.mailfleet.delivery.server.Backends;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoredMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Sets up accounts and sends accepted mail into the worker the way smtp-ingress does: body in S3, event on Kafka. */
public final class TestMail {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private final Backends backends;
    private final MessageIdGenerator ids = new MessageIdGenerator();

    public TestMail(Backends backends) {
        this.backends = backends;
    }

    /** A fresh hosted domain, so tests never see each other's mail. */
    public Domain domain() {
        Domain domain = Domain.parse("t" + UUID.randomUUID().toString().substring(0, 8) + ".delivery.test");
        backends.store().domains().create(domain);
        return domain;
    }

    public MailAddress account(Domain domain, String localPart, OptionalLong quota) {
        MailAddress address = MailAddress.parse(localPart + "@" + domain.ascii());
        backends.store().accounts().create(new Account(address, "$argon2id$unused", quota, Instant.now()));
        return address;
    }

    public MailAccepted send(Optional<MailAddress> sender, List<MailAddress> recipients, String message) throws Exception {
        MailAccepted event = accepted(sender, recipients, message);
        publish(event);
        return event;
    }

    /** The event smtp-ingress would publish, with the body stored, but not published. */
    public MailAccepted accepted(Optional<MailAddress> sender, List<MailAddress> recipients, String message) throws Exception {
        byte[] bytes = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        BlobRef blob = backends.blobs().put(new ByteArrayInputStream(bytes), bytes.length);
        String id = ids.next().toString();
        MailAccepted event = new MailAccepted(MailAccepted.CURRENT_VERSION, id, id.substring(16), sender.map(MailAddress::toString),
                recipients.stream().map(r -> new Recipient(r.toString(), Set.of(), Optional.empty())).toList(),
                Optional.empty(), Optional.empty(), BodyType.EIGHT_BIT_MIME, false, blob.key().value(), bytes.length,
                Instant.now(), new ClientInfo("192.0.2.7", "client.example", Optional.empty(), Optional.empty(), Listener.MX));
        return event;
    }

    public void publish(MailAccepted event) throws Exception {
        backends.events().publish(event).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public List<StoredMessage> inbox(MailAddress account) {
        Optional<Mailbox> inbox = backends.store().mailboxes().find(account.lookupKey(), MailboxPath.INBOX);
        return inbox.map(mailbox -> backends.store().messages().list(mailbox.id())).orElse(List.of());
    }

    public String body(StoredMessage message) throws IOException {
        try (InputStream in = backends.blobs().get(new BlobKey(message.blobKey()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    public static String message(String from, String to, String subject, String... body) {
        return "From: " + from + "\nTo: " + to + "\nSubject: " + subject + "\nMessage-ID: <" + UUID.randomUUID()
                + "@client.example>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=utf-8\n\n" + String.join("\n", Arrays.asList(body)) + "\n";
    }
}
