package io.mailfleet.testing.clients.imap;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IdleManager;
import org.eclipse.angus.mail.imap.protocol.BODY;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Angus Mail (Jakarta Mail 2) as an IMAP client: a session that trusts the account's certificate,
 * and the two things its API does not make one call: a partial fetch and waiting in IDLE through an
 * {@link IdleManager}. Modules that use it depend on {@code org.eclipse.angus:angus-mail} themselves.
 */
public final class AngusImap {

    private static final int TIMEOUT_MILLIS = 30_000;


    private AngusImap() {
    }

    /** "imaps" for implicit TLS, "imap" otherwise. */
    public static String protocol(ImapAccount account) {
        return account.security() == ImapSecurity.IMPLICIT_TLS ? "imaps" : "imap";
    }

    /**
     * A session for {@code account}: STARTTLS required where asked for, the server's name checked
     * against its certificate, which is the only one trusted; socket channels on, so that an
     * {@link IdleManager} can watch its folders (Angus Mail uses them only without TLS).
     */
    public static Session session(ImapAccount account) {
        String protocol = protocol(account);
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(prefix + "host", account.host());
        properties.put(prefix + "port", Integer.toString(account.port()));
        properties.put(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "timeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "usesocketchannels", "true");
        if (account.security() == ImapSecurity.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        if (account.usesTls()) {
            properties.put(prefix + "ssl.socketFactory", trusting(account).getSocketFactory());
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        return Session.getInstance(properties);
    }

    /** A store logged in to {@code account}. */
    public static Store connect(ImapAccount account) throws MessagingException {
        Store store = session(account).getStore(protocol(account));
        store.connect(account.host(), account.port(), account.user(), account.password());
        return store;
    }

    /**
     * {@code UID FETCH uid BODY.PEEK[section]<start.size>} (RFC 9051 section 6.4.5): the bytes of a
     * part of a message, without setting \Seen. {@code section} is "" for the whole message.
     */
    public static byte[] fetchPartial(IMAPFolder folder, long uid, String section, int start, int size)
            throws MessagingException {
        Message message = folder.getMessageByUID(uid);
        if (message == null) {
            throw new MessagingException("no message with UID " + uid + " in " + folder.getFullName());
        }
        int number = message.getMessageNumber();
        return (byte[]) folder.doCommand(protocol -> {
            BODY body = protocol.peekBody(number, section, start, size);
            ByteArray bytes = body == null ? null : body.getByteArray();
            return bytes == null ? new byte[0] : bytes.getNewBytes();
        });
    }

    /**
     * Waits in IDLE on the open {@code folder}, watched by an {@link IdleManager}, while
     * {@code trigger} makes something arrive; returns how many new messages the server announced
     * within {@code timeout} (0 if none). On return the folder is out of IDLE and still open, and the
     * manager is stopped.
     *
     * <p>The count is all it returns: the listener runs while the folder is still in IDLE, and reading
     * a message there would wait for an IDLE that only the manager's own thread can end.
     *
     * <p>IDLE is ended before the manager stops, by a command on the folder from this thread: the
     * folder asks the running manager to send DONE and waits for the server's OK. Stopping the manager
     * while the folder is in IDLE left it there now and then (the manager's last DONE raced its own
     * shutdown), and closing such a folder waits forever for an IDLE that nobody ends. With a read
     * timeout set, the manager sends that DONE from a second thread of the executor, so it has two.
     */
    public static int awaitAdded(Session session, IMAPFolder folder, Runnable trigger, Duration timeout)
            throws MessagingException, IOException, InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        IdleManager idle = new IdleManager(session, executor);
        LinkedBlockingQueue<Integer> added = new LinkedBlockingQueue<>();
        folder.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent event) {
                added.add(event.getMessages().length);
            }
        });
        try {
            idle.watch(folder);
            trigger.run();
            Integer count = added.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            folder.doCommand(protocol -> null);
            return count == null ? 0 : count;
        } finally {
            idle.stop();
            executor.shutdown();
            if (!executor.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Angus Mail's IdleManager did not stop");
            }
        }
    }

    private static SSLContext trusting(ImapAccount account) {
        try (InputStream in = Files.newInputStream(account.certificate())) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + account.certificate(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + account.certificate(), e);
        }
    }
}
