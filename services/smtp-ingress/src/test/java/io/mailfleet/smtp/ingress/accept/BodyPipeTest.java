package io.mailfleet.smtp.ingress.accept;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyPipeTest {

    @Test
    void theReaderGetsExactlyWhatWasWrittenThenTheEnd() throws IOException {
        BodyPipe pipe = new BodyPipe(1024);
        pipe.write("Subject: a\r\n".getBytes(StandardCharsets.US_ASCII));
        pipe.write(new byte[0]);
        pipe.write("\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        pipe.finish();

        assertThat(new String(pipe.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Subject: a\r\n\r\nbody\r\n");
        assertThat(pipe.read()).isEqualTo(-1);
    }

    @Test
    void theWriterIsToldToPauseAboveHighWaterAndResumedBelowHalf() throws IOException {
        BodyPipe pipe = new BodyPipe(100);
        AtomicInteger resumed = new AtomicInteger();
        pipe.onDrained(resumed::incrementAndGet);

        assertThat(pipe.write(new byte[60])).isTrue();
        assertThat(pipe.write(new byte[60])).as("120 bytes held, above 100").isFalse();
        pipe.readNBytes(60);
        assertThat(resumed).as("60 held, above half").hasValue(0);
        pipe.readNBytes(20);
        assertThat(resumed).as("40 held, below half").hasValue(1);
    }

    @Test
    void aWriterIgnoringBackpressureFailsTheBodyInsteadOfGrowingMemory() {
        BodyPipe pipe = new BodyPipe(100);
        pipe.write(new byte[150]);

        assertThat(pipe.write(new byte[100])).isFalse();
        assertThatThrownBy(pipe::read).isInstanceOf(IOException.class).hasMessageContaining("bound");
    }

    @Test
    void aFailureReachesABlockedReader() throws Exception {
        BodyPipe pipe = new BodyPipe(100);
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                pipe.readAllBytes();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        pipe.fail(new IOException("client went away"));

        assertThat(reader.get(5, TimeUnit.SECONDS)).hasMessage("client went away");
    }
}
