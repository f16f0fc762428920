package io.mailfleet.imap.wire;

import io.mailfleet.imap.command.CommandTable;
import io.mailfleet.imap.wire.ReaderEvent.AppendChunk;
import io.mailfleet.imap.wire.ReaderEvent.AppendMessageStart;
import io.mailfleet.imap.wire.ReaderEvent.Command;
import io.mailfleet.imap.wire.ReaderEvent.ContinuationNeeded;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Drives a reader as a session would and writes down what it delivers, one line per event: commands
 * parsed, APPEND messages with their octets joined, literals accepted unless a policy refuses them.
 */
final class Transcript {

    private final ImapReader reader;
    private final Predicate<ReaderEvent> refuse;
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    Transcript(ReaderLimits limits) {
        this(limits, event -> false);
    }

    /** @param refuse which literal announcements to refuse; the others are accepted */
    Transcript(ReaderLimits limits, Predicate<ReaderEvent> refuse) {
        this.reader = new ImapReader(limits);
        this.refuse = refuse;
    }

    ImapReader reader() {
        return reader;
    }

    /** Feeds {@code input} in one chunk and drains the events. */
    Transcript feed(String input) {
        return feed(input.getBytes(StandardCharsets.UTF_8));
    }

    Transcript feed(byte[] input) {
        reader.feed(ByteBuffer.wrap(input));
        drain();
        return this;
    }

    List<String> events() {
        return events;
    }

    /** The input's events when fed in chunks split at {@code offsets}. */
    static List<String> of(ReaderLimits limits, byte[] input, int... offsets) {
        Transcript transcript = new Transcript(limits);
        int start = 0;
        for (int offset : offsets) {
            transcript.feed(Arrays.copyOfRange(input, start, offset));
            start = offset;
        }
        transcript.feed(Arrays.copyOfRange(input, start, input.length));
        return transcript.events();
    }

    private void drain() {
        ReaderEvent event;
        while ((event = reader.next()) != null) {
            if (event instanceof AppendChunk chunk) {
                message.write(chunk.octets(), 0, chunk.octets().length);
                continue;
            }
            if (event instanceof ReaderEvent.AppendMessageEnd) {
                events.add("message " + message.toString(StandardCharsets.ISO_8859_1));
                message.reset();
                continue;
            }
            events.add(describe(event));
            boolean announcement = event instanceof ContinuationNeeded
                    || (event instanceof AppendMessageStart start && start.synchronizing());
            if (announcement || event instanceof AppendMessageStart) {
                if (refuse.test(event)) {
                    reader.refuseLiteral();
                    events.add("refused");
                } else if (announcement) {
                    reader.acceptLiteral();
                }
            }
        }
    }

    private static String describe(ReaderEvent event) {
        if (event instanceof Command command) {
            try {
                return "command " + CommandTable.parse(command);
            } catch (ImapSyntaxException e) {
                return "bad " + command.tag() + " " + e.getMessage();
            }
        }
        return event.toString();
    }
}
