package io.mailfleet.testing.tls;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One TLS handshake by a real client, {@code openssl s_client}, offering one protocol version and
 * the cipher suites of an OpenSSL cipher string, and what a listener must answer: the protocol
 * negotiated, or {@link #REFUSED}. The client is told to offer what it would otherwise refuse itself
 * ({@code @SECLEVEL=0}), so a failed handshake is the server's refusal.
 */
public record TlsProbe(String protocol, String ciphers, String expected) {

    public static final String REFUSED = "refused";

    /**
     * The listeners' policy: TLS 1.2 and 1.3 only, and with TLS 1.2 only ECDHE with AES-GCM or
     * ChaCha20-Poly1305. The CBC rows name ECDSA suites because the test certificate's key is
     * P-256: a suite the key cannot sign for would be refused whatever the policy.
     */
    public static final List<TlsProbe> POLICY = List.of(
            new TlsProbe("-tls1", "DEFAULT:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_1", "DEFAULT:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_2", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_2", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384", REFUSED),
            new TlsProbe("-tls1_2", "kRSA:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_2", "RC4:3DES:NULL:EXPORT:aNULL:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_2", "DEFAULT", "TLSv1.2"),
            new TlsProbe("-tls1_2", "ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2"),
            new TlsProbe("-tls1_2", "ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2"),
            new TlsProbe("-tls1_2", "ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1.2"),
            new TlsProbe("-tls1_3", "DEFAULT", "TLSv1.3"));

    /**
     * The same policy with an RSA certificate, where the key could sign for every RSA suite, so each
     * refusal is the policy's: static RSA key exchange, ECDHE-RSA with CBC and finite-field DHE are
     * refused; ECDHE-RSA with an AEAD cipher and TLS 1.3 are accepted.
     */
    public static final List<TlsProbe> RSA_POLICY = List.of(
            new TlsProbe("-tls1_2", "kRSA:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_2", "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:@SECLEVEL=0", REFUSED),
            new TlsProbe("-tls1_2", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384", REFUSED),
            new TlsProbe("-tls1_2", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305", REFUSED),
            new TlsProbe("-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"),
            new TlsProbe("-tls1_2", "ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2"),
            new TlsProbe("-tls1_2", "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2"),
            new TlsProbe("-tls1_3", "DEFAULT", "TLSv1.3"));

    /**
     * Shakes hands with 127.0.0.1:{@code port}, after the STARTTLS of {@code starttls} ({@code smtp},
     * {@code pop3}, {@code imap}) when given: the protocol negotiated, or {@link #REFUSED} when the
     * server sent an alert. A handshake that failed without one is no answer of the server's and throws.
     */
    public String outcome(int port, Optional<String> starttls) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-brief",
                "-connect", "127.0.0.1:" + port, protocol, "-cipher", ciphers));
        starttls.ifPresent(name -> command.addAll(List.of("-starttls", name)));
        Process client = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("openssl s_client did not finish within 60 s: " + command);
        }
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String line : output.split("\n")) {
            if (client.exitValue() == 0 && line.startsWith("Protocol version: ")) {
                return line.substring("Protocol version: ".length()).trim();
            }
        }
        if (client.exitValue() != 0 && output.contains("alert")) {
            return REFUSED;
        }
        throw new IllegalStateException("no handshake and no alert from the server: " + command + "\n" + output);
    }

    /**
     * Runs every probe against every listener, given as its port and its STARTTLS (none for implicit
     * TLS): a line for each answer that is not the expected one, so one failure shows them all.
     */
    public static List<String> mismatches(List<TlsProbe> probes, Map<Integer, Optional<String>> listeners)
            throws IOException, InterruptedException {
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<Integer, Optional<String>> listener : listeners.entrySet()) {
            for (TlsProbe probe : probes) {
                String outcome = probe.outcome(listener.getKey(), listener.getValue());
                if (!outcome.equals(probe.expected())) {
                    mismatches.add("port " + listener.getKey() + " " + probe + ": " + outcome + ", expected " + probe.expected());
                }
            }
        }
        return mismatches;
    }

    @Override
    public String toString() {
        return protocol + " " + ciphers;
    }
}
