package io.mailfleet.delivery.bounce;

import io.mailfleet.delivery.Acks;
import io.mailfleet.delivery.config.DeliverySettings;
import io.mailfleet.delivery.server.Backends;
import io.mailfleet.delivery.server.DeliveryMetrics;
import io.mailfleet.dsn.DeliveryReport;
import io.mailfleet.dsn.DiagnosticCode;
import io.mailfleet.dsn.DsnAction;
import io.mailfleet.dsn.DsnGenerator;
import io.mailfleet.dsn.DsnMessage;
import io.mailfleet.dsn.DsnPolicy;
import io.mailfleet.dsn.RecipientReport;
import io.mailfleet.dsn.StatusCode;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailHost;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells senders about recipients that failed for good: an RFC 3464 report is stored like any
 * message and published as a new {@code MailAccepted} from the null sender, so it is delivered (or
 * relayed) by the usual path, exactly once. Its id is derived from the original's and the failed
 * recipients, so handling the same failure again makes the same bounce, which delivery then
 * stores once. No bounce goes to the null sender or against NOTIFY (RFC 3461 §6.2, RFC 5321 §6.1).
 */
@ApplicationScoped
public class Bounces {

    private static final Duration PUBLISH_BOUND = ProducerSettings.defaults("unused:0").publishBound();

    private final Backends backends;
    private final DeliveryMetrics metrics;
    private final Domain hostname;
    private final DsnGenerator generator = new DsnGenerator();
    private final Clock clock = Clock.systemUTC();

    public Bounces(Backends backends, DeliveryMetrics metrics, DeliverySettings settings) {
        this.backends = backends;
        this.metrics = metrics;
        this.hostname = Domain.parse(settings.hostname().orElseGet(Bounces::machineName));
    }

    /** Our name in reports and greetings. */
    public Domain hostname() {
        return hostname;
    }

    /** Blocking: reads the original from S3, stores the report there, publishes it and waits for the ack. */
    public void send(BouncedMail mail, List<FailedRecipient> failed) throws IOException {
        List<FailedRecipient> reported = failed.stream()
                .filter(f -> DsnPolicy.shouldSend(mail.sender(), f.recipient().dsnNotify(), DsnAction.FAILED)).toList();
        if (reported.isEmpty() || mail.sender().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        MessageId bounceId = mail.messageId().derive("bounce/" + String.join(",",
                reported.stream().map(f -> f.recipient().address()).sorted().toList()));
        DeliveryReport report = new DeliveryReport(hostname, mail.queueId(), mail.envelopeId(), mail.receivedAt(),
                mail.sender().get(), mail.dsnReturn(), reported.stream().map(f -> recipientReport(f, now)).toList(), now,
                "<" + bounceId + "@" + hostname.ascii() + ">");
        DsnMessage dsn;
        try (InputStream original = backends.blobs().get(new BlobKey(mail.blobKey()))) {
            dsn = generator.generate(report, original);
        }
        BlobRef stored;
        try (InputStream content = dsn.openStream()) {
            stored = backends.blobs().put(content, dsn.size());
        }
        MailAccepted bounce = new MailAccepted(MailAccepted.CURRENT_VERSION, bounceId.toString(), bounceId.toString(),
                Optional.empty(), List.of(new Recipient(dsn.recipient().toString(), Set.of(DsnNotify.NEVER), Optional.empty())),
                Optional.empty(), Optional.empty(), dsn.bodyType(), dsn.requiresSmtpUtf8(), stored.key().value(), dsn.size(),
                now, new ClientInfo("127.0.0.1", hostname.ascii(), Optional.empty(), Optional.empty(), Listener.MX));
        Acks.await(backends.events().publish(bounce), PUBLISH_BOUND, "bounce");
        metrics.bounceSent();
    }

    private static RecipientReport recipientReport(FailedRecipient failed, Instant now) {
        Optional<MailHost> remote = failed.remoteMta().map(host -> (MailHost) Domain.parse(host));
        DiagnosticCode diagnostic = failed.remoteReply() ? DiagnosticCode.smtp(failed.diagnostic())
                : new DiagnosticCode("X-mailfleet", failed.diagnostic());
        return new RecipientReport(failed.recipient().toAddress(), failed.recipient().originalRecipient(), DsnAction.FAILED,
                StatusCode.parse(failed.status()), remote, Optional.of(diagnostic), now, Optional.empty());
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
