package io.mailfleet.delivery.relay;

import io.mailfleet.delivery.relay.dns.MxHost;
import io.mailfleet.delivery.relay.dns.MxResolution;
import io.mailfleet.delivery.relay.dns.MxResolver;
import io.mailfleet.delivery.relay.transport.SmtpConnectionPool;
import io.mailfleet.delivery.relay.transport.SmtpDestination;
import io.mailfleet.model.address.AddressLiteral;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailHost;
import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.smtp.client.DeliveryStatus;
import io.mailfleet.smtp.client.Diagnosis;
import io.mailfleet.smtp.client.MailTransaction;
import io.mailfleet.smtp.client.RecipientResult;
import io.mailfleet.smtp.client.SmtpClientSettings;
import io.mailfleet.smtp.client.Stage;
import io.mailfleet.smtp.client.TransactionResult;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers to a destination's mail exchangers (RFC 5321 §5.1): in MX order, each address of a host
 * in turn, moving on only when no SMTP session could be had there (no connection, no greeting, a
 * refused EHLO, a failed STARTTLS or AUTH); once a server has answered for the recipients its
 * replies stand. With a smart host, every destination goes through that one host instead.
 */
public final class MxRemoteDelivery implements RemoteDelivery {

    /** Stages at which a failure says nothing about the recipients, only about the host. */
    private static final Set<Stage> SESSION_STAGES = EnumSet.of(Stage.CONNECT, Stage.GREETING, Stage.HELLO, Stage.STARTTLS,
            Stage.AUTH);

    private final MxResolver resolver;
    private final SmtpConnectionPool pool;
    private final BlobStore blobs;
    private final Route route;
    private final int maxAddresses;

    /** Where mail goes: the MX hosts on a port, or one smart host. */
    public sealed interface Route {
        record Mx(int port, SmtpClientSettings settings) implements Route {
        }

        record SmartHost(String host, int port, SmtpClientSettings settings, boolean verifyCertificate) implements Route {
        }
    }

    public MxRemoteDelivery(MxResolver resolver, SmtpConnectionPool pool, BlobStore blobs, Route route, int maxAddresses) {
        this.resolver = resolver;
        this.pool = pool;
        this.blobs = blobs;
        this.route = route;
        this.maxAddresses = maxAddresses;
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMail mail, List<Recipient> recipients) throws IOException {
        List<SmtpDestination> destinations;
        if (route instanceof Route.SmartHost smart) {
            destinations = smartHost(smart);
            if (destinations.isEmpty()) {
                return RecipientOutcome.all(recipients, RecipientOutcome.Kind.TEMPORARY, "4.4.3",
                        "the smart host " + smart.host() + " has no address now");
            }
        } else {
            Route.Mx mx = (Route.Mx) route;
            MxResolution resolution = resolver.resolve(destination(mail.domain()));
            if (resolution instanceof MxResolution.PermanentFailure permanent) {
                return RecipientOutcome.all(recipients, RecipientOutcome.Kind.PERMANENT, permanent.enhancedStatus(), permanent.reason());
            }
            if (resolution instanceof MxResolution.TemporaryFailure temporary) {
                return RecipientOutcome.all(recipients, RecipientOutcome.Kind.TEMPORARY, temporary.enhancedStatus(), temporary.reason());
            }
            destinations = ((MxResolution.Hosts) resolution).hosts().stream()
                    .flatMap(host -> host.addresses().stream().map(address -> mxDestination(host, address, mx)))
                    .limit(maxAddresses).toList();
        }
        MailTransaction transaction = new MailTransaction(mail.toSender(), recipients, mail.size(), mail.bodyType(),
                mail.smtpUtf8(), mail.dsnReturn(), mail.envelopeId());
        List<RecipientOutcome> last = List.of();
        for (SmtpDestination destination : destinations) {
            TransactionResult result;
            try (InputStream body = blobs.get(new BlobKey(mail.blobKey()))) {
                result = pool.deliver(destination, transaction, body);
            }
            last = outcomes(result, destination.hostName());
            if (!hostFailed(result)) {
                return last;
            }
        }
        return last;
    }

    private static boolean hostFailed(TransactionResult result) {
        return result.recipients().stream().allMatch(r -> r.status() == DeliveryStatus.TEMPORARY && SESSION_STAGES.contains(r.stage()));
    }

    private static List<RecipientOutcome> outcomes(TransactionResult result, String host) {
        return result.recipients().stream().map(r -> outcome(r, host)).toList();
    }

    private static RecipientOutcome outcome(RecipientResult result, String host) {
        RecipientOutcome.Kind kind = switch (result.status()) {
            case DELIVERED -> RecipientOutcome.Kind.DELIVERED;
            case TEMPORARY -> RecipientOutcome.Kind.TEMPORARY;
            case PERMANENT -> RecipientOutcome.Kind.PERMANENT;
        };
        if (result.diagnosis() instanceof Diagnosis.Remote remote) {
            return new RecipientOutcome(result.recipient(), kind, result.enhancedStatus(),
                    String.join(" ", remote.reply().toString().split("\r?\n")), true, Optional.of(host));
        }
        Diagnosis.Local local = (Diagnosis.Local) result.diagnosis();
        return new RecipientOutcome(result.recipient(), kind, result.enhancedStatus(),
                host + ": " + local.text() + " " + result.stage().during(), false, Optional.of(host));
    }

    private static SmtpDestination mxDestination(MxHost host, InetAddress address, Route.Mx mx) {
        return new SmtpDestination(host.name(), address, mx.port(), mx.settings(), false);
    }

    private static List<SmtpDestination> smartHost(Route.SmartHost smart) {
        try {
            return java.util.Arrays.stream(InetAddress.getAllByName(smart.host()))
                    .map(address -> new SmtpDestination(smart.host(), address, smart.port(), smart.settings(), smart.verifyCertificate()))
                    .toList();
        } catch (java.net.UnknownHostException e) {
            return List.of();
        }
    }

    private static MailHost destination(String domain) {
        return domain.startsWith("[") ? AddressLiteral.parse(domain) : Domain.parse(domain);
    }
}
