package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An APPEND's pin that carries the blob's parsed content ({@link CassandraBlobPins#pinWithContent}): the content is
 * stored when the pin returns, also when the pin waited out a deletion of the blob that removed it meanwhile.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PinWithContentIT {

    private CqlSession session;
    private CassandraBlobPins pins;
    private CassandraMessageContentRepository contents;

    @BeforeEach
    void open(Infrastructure servers) {
        session = StoreSessions.shared(servers);
        pins = new CassandraBlobPins(session, Duration.ofMinutes(5), Duration.ofSeconds(10));
        contents = new CassandraMessageContentRepository(session);
    }

    private static BlobKey key() {
        return BlobKey.forSha256(UUID.randomUUID().toString().replace("-", "").repeat(2));
    }

    private static MessageContent content(BlobKey key) {
        return new MessageContent(key.value(), 310, "envelope", "body", "headers", "sections");
    }

    @Test
    void theContentIsStoredWithThePin() {
        BlobKey key = key();

        boolean waited = pins.pinWithContent(key, content(key));

        assertThat(waited).isFalse();
        assertThat(contents.find(key.value())).hasValueSatisfying(found -> assertThat(found.envelope()).isEqualTo("envelope"));
        assertThat(session.execute("SELECT pin FROM blob_pins WHERE blob_key = ?", key.value()).one()).isNotNull();
    }

    @Test
    void aDeletionUnderWayThatRemovesTheContentIsWaitedOutAndTheContentWrittenAgain() throws Exception {
        BlobKey key = key();
        session.execute("INSERT INTO blob_condemnations (blob_key, cycle, state) VALUES (?, ?, ?)", key.value(), UUID.randomUUID(),
                BlobCollector.DELETING);
        // The collector finishing its deletion after the pin's write: the content goes with the blob, then, once the
        // pin has found the deletion under way (its read follows its write), the condemnation.
        CompletableFuture<Void> collector = CompletableFuture.runAsync(() -> {
            while (contents.find(key.value()).isEmpty()) {
                sleep(Duration.ofMillis(5));
            }
            contents.remove(key.value());
            sleep(Duration.ofSeconds(1));
            session.execute("DELETE FROM blob_condemnations WHERE blob_key = ?", key.value());
        });

        boolean waited = pins.pinWithContent(key, content(key));

        collector.get(10, TimeUnit.SECONDS);
        assertThat(waited).isTrue();
        assertThat(contents.find(key.value())).hasValueSatisfying(found -> assertThat(found.envelope()).isEqualTo("envelope"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
