package io.mailfleet.dsn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;

/** Generating DSNs in tests, and reading them back with mime4j's DOM. */
final class Dsns {

    private Dsns() {
    }

    static DsnMessage generate(DeliveryReport report, byte[] original) {
        return generate(new DsnGenerator(), report, new ByteArrayInputStream(original));
    }

    static DsnMessage generate(DsnGenerator generator, DeliveryReport report, InputStream original) {
        try {
            return generator.generate(report, original);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Message mime4j(DsnMessage dsn) {
        try {
            return new DefaultMessageBuilder().parseMessage(dsn.openStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
