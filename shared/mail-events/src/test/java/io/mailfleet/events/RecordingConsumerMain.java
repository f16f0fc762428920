package io.mailfleet.events;

import io.mailfleet.model.event.MailAccepted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A consumer in its own JVM for {@link KillAndRestartIT}: it appends "partition offset messageId"
 * for every event it handles and syncs the file before the handler returns, so that the file
 * holds at least every record whose offset the consumer could have committed when it is killed.
 *
 * <p>Arguments: bootstrap servers, topic, dead-letter topic, group, output file, milliseconds per
 * record. It exits when its standard input closes, so it cannot outlive the test JVM.
 */
public final class RecordingConsumerMain {

    private static final Duration MAX_LIFETIME = Duration.ofMinutes(2);

    private RecordingConsumerMain() {
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = args[0];
        String topic = args[1];
        String deadLetterTopic = args[2];
        String group = args[3];
        Path output = Path.of(args[4]);
        long millisPerRecord = Long.parseLong(args[5]);
        exitWhenParentGoes();

        ConsumerSettings settings = ConsumerSettings.defaults(bootstrap, group, List.of(topic), deadLetterTopic)
                .withClientProperties(Map.of(
                        // Small batches: several commits happen before the kill, and some records after the last.
                        "max.poll.records", "20",
                        // The broker's minimum, so that the next consumer takes over soon after the kill.
                        "session.timeout.ms", "6000",
                        "heartbeat.interval.ms", "1000"));
        try (FileChannel file = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            new EventConsumer<>(settings, MailAccepted.class, received -> {
                Thread.sleep(millisPerRecord);
                String line = received.partition() + " " + received.offset() + " " + received.event().messageId() + "\n";
                file.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                file.force(false);
            }).run();
        }
    }

    /** Standard input is a pipe from the parent, closed by the system whenever the parent ends. */
    private static void exitWhenParentGoes() {
        daemon("parent-watchdog", () -> {
            try {
                while (System.in.read() >= 0) {
                    // The parent never writes; only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as its end.
            }
            Runtime.getRuntime().halt(3);
        });
        daemon("lifetime-limit", () -> {
            try {
                Thread.sleep(MAX_LIFETIME.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(4);
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
