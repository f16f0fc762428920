package io.mailfleet.server;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import org.jboss.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * Looks at the certificate and key files every interval and, when they changed and then stayed
 * unchanged for an interval, gives the listeners' key manager the new pair: a renewed certificate
 * (cert-manager rewriting a mounted Secret) is used for every new handshake without a restart, and
 * open connections keep theirs.
 */
final class CertificateWatcher {

    private static final Logger LOG = Logger.getLogger(CertificateWatcher.class);

    private final Vertx vertx;
    private final ServerSettings.TlsFiles files;
    private final ReloadableKeyManager keys;
    private final Runnable onApplied;
    private final long timer;
    private String applied;
    private String seenLastTime;

    /** @param onApplied runs each time a new pair is given to the listeners */
    CertificateWatcher(Vertx vertx, ServerSettings.TlsFiles files, ReloadableKeyManager keys, long intervalMillis,
                       Runnable onApplied) {
        this.vertx = vertx;
        this.files = files;
        this.keys = keys;
        this.onApplied = onApplied;
        this.applied = stamp();
        this.seenLastTime = applied;
        this.timer = vertx.setPeriodic(Math.max(1, intervalMillis), ignored -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, false));
    }

    /** The pair in the files now, loaded; fails when the files do not hold a key and its certificate. */
    static X509KeyManager load(Vertx vertx, ServerSettings.TlsFiles files) throws Exception {
        KeyManagerFactory factory = new PemKeyCertOptions().setCertPath(files.certificate()).setKeyPath(files.key())
                .getKeyManagerFactory(vertx);
        KeyPairCheck.requireMatching(factory);
        for (var manager : factory.getKeyManagers()) {
            if (manager instanceof X509KeyManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X.509 key manager for " + files.certificate());
    }

    /**
     * Applies a new pair once the files have stayed the same for a whole interval and the key is the
     * certificate's own: the certificate and the key are two files written one after the other, and
     * a key without its certificate would fail every handshake. A pair that does not load or does
     * not match is left alone and looked at again on the next tick.
     */
    private synchronized void check() {
        String now = stamp();
        boolean settled = Objects.equals(now, seenLastTime);
        seenLastTime = now;
        if (now == null || !settled || Objects.equals(now, applied)) {
            return;
        }
        X509KeyManager pair;
        try {
            pair = load(vertx, files);
        } catch (Exception e) {
            LOG.debugf("TLS files in %s not a matching pair yet: %s", files.certificate(), e.getMessage());
            return;
        }
        applied = now;
        keys.use(pair);
        onApplied.run();
        LOG.infof("TLS certificate reloaded from %s", files.certificate());
    }

    /** The files' modification times and sizes; a change in either means a new pair. */
    private String stamp() {
        try {
            Path certificate = Path.of(files.certificate());
            Path key = Path.of(files.key());
            FileTime certificateTime = Files.getLastModifiedTime(certificate);
            FileTime keyTime = Files.getLastModifiedTime(key);
            return certificateTime + "/" + Files.size(certificate) + "/" + keyTime + "/" + Files.size(key);
        } catch (IOException e) {
            return null;
        }
    }

    void stop() {
        vertx.cancelTimer(timer);
    }
}
