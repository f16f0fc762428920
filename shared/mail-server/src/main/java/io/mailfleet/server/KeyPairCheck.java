package io.mailfleet.server;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Proves that a loaded private key belongs to its certificate by signing a probe with the key and
 * verifying it with the certificate's public key; works for RSA, EC and EdDSA keys alike.
 */
final class KeyPairCheck {

    private static final byte[] PROBE = "mailfleet certificate reload".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {
    }

    static void requireMatching(KeyManagerFactory factory) throws GeneralSecurityException {
        for (var manager : factory.getKeyManagers()) {
            if (manager instanceof X509KeyManager keys) {
                for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519"}) {
                    String[] aliases = keys.getServerAliases(type, null);
                    if (aliases == null) {
                        continue;
                    }
                    for (String alias : aliases) {
                        requireMatching(keys.getPrivateKey(alias), keys.getCertificateChain(alias)[0]);
                    }
                    return;
                }
            }
        }
        throw new GeneralSecurityException("no key and certificate found");
    }

    private static void requireMatching(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(PROBE);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the key is not the certificate's");
        }
    }
}
