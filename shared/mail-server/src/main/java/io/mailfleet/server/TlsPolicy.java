package io.mailfleet.server;

import io.vertx.core.net.NetServerOptions;

import java.util.List;
import java.util.Set;

/**
 * What every listener offers in TLS, implicit or after STARTTLS: TLS 1.2 and 1.3 only, and with
 * TLS 1.2 only forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305). That leaves
 * out the CBC suites with their SHA-1 or SHA-2 MACs (padding oracles, Lucky Thirteen), static RSA
 * key exchange (no forward secrecy) and finite-field DHE (weak or slow groups), as RFC 9325
 * recommends. Every TLS 1.3 suite is AEAD. Any client of the last decade has one of these.
 */
final class TlsPolicy {

    static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /** In the server's order of preference; the JDK leaves out any it does not implement. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    static NetServerOptions apply(NetServerOptions options) {
        options.setEnabledSecureTransportProtocols(PROTOCOLS);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }
}
