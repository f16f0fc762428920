package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.ImapReader;
import io.mailfleet.imap.wire.ReaderEvent;
import io.mailfleet.imap.wire.ReaderLimits;
import io.mailfleet.imap.command.SequenceSet.Range;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: a command as a client sends it, literals included, through the reader to its record. */
final class Parse {

    private Parse() {
    }

    /** Parses one command; literals are accepted as a session would. */
    static ImapCommand command(String input) {
        ImapReader reader = new ImapReader(ReaderLimits.defaults());
        reader.enableUtf8();
        reader.feed(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
        ReaderEvent event;
        while ((event = reader.next()) instanceof ReaderEvent.ContinuationNeeded) {
            reader.acceptLiteral();
        }
        if (!(event instanceof ReaderEvent.Command command)) {
            throw new AssertionError("expected a command, got " + event);
        }
        if (reader.next() != null) {
            throw new AssertionError("more than one command in " + input);
        }
        return CommandTable.parse(command);
    }

    static SequenceSet set(Range... ranges) {
        return new SequenceSet(List.of(ranges), false);
    }

    static Range range(long first, long last) {
        return new Range(first, last);
    }

    static Range one(long number) {
        return new Range(number, number);
    }
}
