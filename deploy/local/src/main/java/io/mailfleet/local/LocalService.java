package io.mailfleet.local;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One service of the local stack, as the launcher starts it: its module under {@code services/},
 * the port of its HTTP side (API, or health and metrics), the protocol listeners it opens, and any
 * settings of its own. {@link #ALL} is the one list of services: adding a service to the local
 * stack is adding its entry there.
 *
 * @param name       the module under {@code services/}, also the name in logs and reports
 * @param prefix     the configuration prefix of its listener settings ({@code mailfleet.smtp})
 * @param http       the HTTP port
 * @param listeners  the protocol listeners; a service with any gets the local certificate and binds to loopback
 * @param ownSettings settings only this service takes, from what the launcher has made
 */
record LocalService(String name, String prefix, Port http, List<Port> listeners,
                    Function<Launch, Map<String, String>> ownSettings) {

    /**
     * A port the service listens on: its label in reports, the property that sets it (after the
     * service's prefix), the environment variable that moves it locally, its default, and how it
     * speaks TLS (empty, {@code STARTTLS}, {@code STLS} or {@code TLS}).
     */
    record Port(String label, String property, String variable, int defaultPort, String tls) {
    }

    /** What the launcher made before starting services, and some of them need. */
    record Launch(String adminToken, LocalCertificate.Pem certificate) {
    }

    /**
     * Each further instance of a scaled service listens on every port plus this step times its
     * index. The default ports all differ in their last two digits, so no instance's port is
     * another's.
     */
    static final int INSTANCE_PORT_STEP = 100;

    /** At most this many instances of one service, so that offset HTTP ports stay below S3's and Kafka's (9000, 9092). */
    static final int MAX_INSTANCES = 9;

    private static final Function<Launch, Map<String, String>> NOTHING_ELSE = launch -> Map.of();

    static final List<LocalService> ALL = List.of(
            new LocalService("admin-api", "mailfleet.admin", http("MAILFLEET_ADMIN_PORT", 8080), List.of(),
                    launch -> Map.of("mailfleet.admin.token", launch.adminToken())),
            new LocalService("smtp-ingress", "mailfleet.smtp", http("MAILFLEET_SMTP_HTTP_PORT", 8081), List.of(
                    new Port("MX", "mx-port", "MAILFLEET_SMTP_MX_PORT", 2525, ""),
                    new Port("submission", "submission-port", "MAILFLEET_SMTP_SUBMISSION_PORT", 2587, "STARTTLS"),
                    new Port("submissions", "submissions-port", "MAILFLEET_SMTP_SUBMISSIONS_PORT", 2465, "TLS")),
                    NOTHING_ELSE),
            new LocalService("delivery-worker", "mailfleet.delivery", http("MAILFLEET_DELIVERY_HTTP_PORT", 8082), List.of(),
                    launch -> Map.of("mailfleet.delivery.hostname", "localhost")),
            new LocalService("pop3-gateway", "mailfleet.pop3", http("MAILFLEET_POP3_HTTP_PORT", 8083), List.of(
                    new Port("POP3", "port", "MAILFLEET_POP3_PORT", 1110, "STLS"),
                    new Port("POP3S", "tls-port", "MAILFLEET_POP3S_PORT", 1995, "TLS")),
                    NOTHING_ELSE),
            new LocalService("imap-gateway", "mailfleet.imap", http("MAILFLEET_IMAP_HTTP_PORT", 8085), List.of(
                    new Port("IMAP", "port", "MAILFLEET_IMAP_PORT", 1143, "STARTTLS"),
                    new Port("IMAPS", "tls-port", "MAILFLEET_IMAP_TLS_PORT", 1993, "TLS")),
                    NOTHING_ELSE));

    static LocalService named(String name) {
        return ALL.stream().filter(service -> service.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + "; the services are "
                        + ALL.stream().map(LocalService::name).toList()));
    }

    /** Every port of the service, the HTTP port first. */
    List<Port> ports() {
        return Stream.concat(Stream.of(http), listeners.stream()).toList();
    }

    private static Port http(String variable, int defaultPort) {
        return new Port("http", "", variable, defaultPort, "");
    }
}
