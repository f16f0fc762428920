package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.Optional;

/**
 * {@code select = "SELECT" SP mailbox [select-params]} and EXAMINE, with the CONDSTORE and QRESYNC
 * parameters (RFC 7162 §3.1.8, §3.2.5):
 * {@code "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"}.
 *
 * @param mailbox in wire form
 */
public record SelectCommand(String tag, CommandKind kind, String mailbox, boolean condstore,
        Optional<Qresync> qresync) implements ImapCommand {

    /** What the client knows of the mailbox from an earlier session. */
    public record Qresync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids,
            Optional<SequenceMatch> sequenceMatch) {
    }

    /** {@code seq-match-data = "(" known-sequence-set SP known-uid-set ")"}: sample MSNs and their UIDs. */
    public record SequenceMatch(SequenceSet sequenceNumbers, SequenceSet uids) {
    }

    public boolean readOnly() {
        return kind == CommandKind.EXAMINE;
    }

    static SelectCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String mailbox = arguments.astring();
        boolean condstore = false;
        Optional<Qresync> qresync = Optional.empty();
        if (arguments.tryChar(' ')) {
            arguments.expect('(');
            do {
                if (arguments.tryKeyword("CONDSTORE")) {
                    condstore = true;
                } else if (qresync.isEmpty() && arguments.tryKeyword("QRESYNC")) {
                    qresync = Optional.of(qresync(arguments));
                } else {
                    throw arguments.error("unknown SELECT parameter");
                }
            } while (arguments.tryChar(' '));
            arguments.expect(')');
        }
        arguments.end();
        return new SelectCommand(tag, kind, mailbox, condstore, qresync);
    }

    private static Qresync qresync(Arguments arguments) {
        arguments.space();
        arguments.expect('(');
        long uidValidity = arguments.nzNumber();
        arguments.space();
        long modSeq = modSequenceValue(arguments);
        Optional<SequenceSet> knownUids = Optional.empty();
        Optional<SequenceMatch> match = Optional.empty();
        if (arguments.tryChar(' ')) {
            if (!arguments.peekIs('(')) {
                knownUids = Optional.of(SequenceSet.parseKnown(arguments));
            }
            if (knownUids.isEmpty() || arguments.tryChar(' ')) {
                arguments.expect('(');
                SequenceSet sequenceNumbers = SequenceSet.parseKnown(arguments);
                arguments.space();
                SequenceSet uids = SequenceSet.parseKnown(arguments);
                arguments.expect(')');
                match = Optional.of(new SequenceMatch(sequenceNumbers, uids));
            }
        }
        arguments.expect(')');
        return new Qresync(uidValidity, modSeq, knownUids, match);
    }

    /** {@code mod-sequence-value = 1*DIGIT}, a positive 63-bit value (RFC 7162 §7). */
    static long modSequenceValue(Arguments arguments) {
        long value = arguments.number64();
        if (value == 0) {
            throw arguments.error("a mod-sequence value is positive");
        }
        return value;
    }
}
