package io.mailfleet.server;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The key manager every TLS listener of a server hands its handshakes to, whose certificate and key
 * can be replaced while it serves. Replacing it is one volatile write: a handshake that starts
 * afterwards gets the new pair, one in progress finishes with the pair it chose, and no listener is
 * reconfigured (reconfiguring a Vert.x server drops the connections accepted during the switch).
 * Each alias it hands out names the generation it came from, so the certificate and the key of one
 * handshake always come from the same pair even when a reload falls between the two lookups.
 */
final class ReloadableKeyManager extends X509ExtendedKeyManager {

    private record Generation(int number, X509KeyManager keys) {
        String tag(String alias) {
            return alias == null ? null : number + ":" + alias;
        }
    }

    private volatile Generation current;
    private volatile Generation previous;

    ReloadableKeyManager(X509KeyManager first) {
        this.current = new Generation(1, first);
        this.previous = current;
    }

    /** From now on new handshakes use {@code next}. */
    synchronized void use(X509KeyManager next) {
        Generation now = current;
        previous = now;
        current = new Generation(now.number() + 1, next);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation generation = current;
        return generation.tag(generation.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation generation = current;
        String alias = generation.keys() instanceof X509ExtendedKeyManager extended
                ? extended.chooseEngineServerAlias(keyType, issuers, engine)
                : generation.keys().chooseServerAlias(keyType, issuers, null);
        return generation.tag(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation generation = current;
        String[] aliases = generation.keys().getServerAliases(keyType, issuers);
        return aliases == null ? null : Arrays.stream(aliases).map(generation::tag).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation generation = generationOf(alias);
        return generation == null ? null : generation.keys().getCertificateChain(untagged(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation generation = generationOf(alias);
        return generation == null ? null : generation.keys().getPrivateKey(untagged(alias));
    }

    /** A server never presents a client certificate. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** The pair an alias came from; none when two reloads passed during one handshake. */
    private Generation generationOf(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        int number = Integer.parseInt(alias.substring(0, colon));
        Generation now = current;
        if (now.number() == number) {
            return now;
        }
        Generation before = previous;
        return before.number() == number ? before : null;
    }

    private static String untagged(String alias) {
        return alias.substring(alias.indexOf(':') + 1);
    }
}
