package io.mailfleet.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The local admin API token: made once, kept in the data folder, readable by its owner only. */
final class AdminToken {

    private AdminToken() {
    }

    static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.createDirectories(file.getParent());
        Files.writeString(file, token, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
