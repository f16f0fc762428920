package io.mailfleet.local;

import io.netty.handler.ssl.util.SelfSignedCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;

/**
 * The local stack's self-signed certificate for localhost, made once and kept with the data, so
 * that STARTTLS and the implicit-TLS ports work without an operator's certificate.
 */
final class LocalCertificate {

    record Pem(Path certificate, Path key) {
    }

    private LocalCertificate() {
    }

    static Pem loadOrCreate(Path dir) throws IOException {
        Pem files = new Pem(dir.resolve("localhost.crt.pem"), dir.resolve("localhost.key.pem"));
        if (Files.isRegularFile(files.certificate()) && Files.isRegularFile(files.key())) {
            return files;
        }
        Files.createDirectories(dir);
        SelfSignedCertificate generated;
        try {
            generated = new SelfSignedCertificate("localhost");
        } catch (CertificateException e) {
            throw new IOException("cannot make the local TLS certificate", e);
        }
        try {
            Files.copy(generated.certificate().toPath(), files.certificate(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(generated.privateKey().toPath(), files.key(), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(files.key(), PosixFilePermissions.fromString("rw-------"));
        } finally {
            generated.delete();
        }
        return files;
    }
}
