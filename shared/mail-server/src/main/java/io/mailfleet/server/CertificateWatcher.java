package io.mailfleet.server;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

/**
 * Looks at the certificate and key files every interval and, when they changed and then stayed
 * unchanged for an interval, gives the listeners the new pair: a renewed certificate (cert-manager rewriting a mounted Secret) is used for
 * every new handshake without a restart, and open connections keep theirs.
 */
final class CertificateWatcher {

    private static final Logger LOG = Logger.getLogger(CertificateWatcher.class);

    private final Vertx vertx;
    private final ServerSettings.TlsFiles files;
    private final List<NetServer> servers;
    private final Runnable onApplied;
    private final long timer;
    private String applied;
    private String seenLastTime;

    /** @param onApplied runs each time a new pair is given to the listeners */
    CertificateWatcher(Vertx vertx, ServerSettings.TlsFiles files, List<NetServer> servers, long intervalMillis,
                       Runnable onApplied) {
        this.vertx = vertx;
        this.files = files;
        this.servers = servers;
        this.onApplied = onApplied;
        this.applied = stamp();
        this.seenLastTime = applied;
        this.timer = vertx.setPeriodic(Math.max(1, intervalMillis), ignored -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, false));
    }

    static PemKeyCertOptions keyCert(ServerSettings.TlsFiles files) {
        return new PemKeyCertOptions().setCertPath(files.certificate()).setKeyPath(files.key());
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
        PemKeyCertOptions pair = keyCert(files);
        try {
            KeyPairCheck.requireMatching(pair.getKeyManagerFactory(vertx));
        } catch (Exception e) {
            LOG.debugf("TLS files in %s not a matching pair yet: %s", files.certificate(), e.getMessage());
            return;
        }
        applied = now;
        onApplied.run();
        SSLOptions renewed = new SSLOptions().setKeyCertOptions(pair);
        for (NetServer server : servers) {
            server.updateSSLOptions(renewed, true).onComplete(result -> {
                if (result.succeeded()) {
                    LOG.infof("TLS certificate reloaded from %s", files.certificate());
                } else {
                    LOG.warnf("TLS certificate in %s not usable, keeping the previous one: %s", files.certificate(),
                            result.cause().getMessage());
                }
            });
        }
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
