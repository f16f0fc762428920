package io.mailfleet.model.event;

/** The TLS session a message arrived over, as the JSSE names them (e.g. {@code TLSv1.3}). */
public record TlsInfo(String protocol, String cipherSuite) {

    public TlsInfo {
        EventChecks.requireNonBlank(protocol, "protocol");
        EventChecks.requireNonBlank(cipherSuite, "cipherSuite");
    }
}
