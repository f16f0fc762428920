package io.mailfleet.testing.clients.imap;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a client needs to reach one IMAP account: the server's host name and port, how the
 * connection is protected, the certificate to trust, and the credentials.
 *
 * @param host        the name the clients connect to and check the server's certificate against
 * @param certificate the server's self-signed certificate (PEM), which the clients trust; unused with
 *                    {@link ImapSecurity#NONE}
 */
public record ImapAccount(String host, int port, ImapSecurity security, Path certificate, String user,
                          String password) {

    public ImapAccount {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (security != ImapSecurity.NONE) {
            Objects.requireNonNull(certificate, "certificate (TLS needs one to trust)");
        }
    }

    /** The same account on another port with another protection: a server's STARTTLS and imaps listeners. */
    public ImapAccount on(int otherPort, ImapSecurity otherSecurity) {
        return new ImapAccount(host, otherPort, otherSecurity, certificate, user, password);
    }

    public boolean usesTls() {
        return security != ImapSecurity.NONE;
    }
}
