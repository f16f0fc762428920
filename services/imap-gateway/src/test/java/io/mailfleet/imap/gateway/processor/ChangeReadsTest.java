package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.CommandTable;
import io.mailfleet.imap.command.ImapCommand;
import io.mailfleet.imap.wire.ImapReader;
import io.mailfleet.imap.wire.ReaderEvent;
import io.mailfleet.imap.wire.ReaderLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which commands are followed by reading the selected mailbox's changes: those that poll, those that
 * may change the selected mailbox, and every command after a wake-up.
 */
class ChangeReadsTest {

    @ParameterizedTest(name = "{0} (woken: {1}) reads: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # The commands a client polls with (RFC 9051 §6.1.2, §6.4.1).
            a NOOP                                   | false | true
            a CHECK                                  | false | true
            # Commands that change the selected mailbox: their own changes come back through the read.
            a STORE 1 +FLAGS (\\Seen)                | false | true
            a UID STORE 7 FLAGS.SILENT (\\Deleted)   | false | true
            a EXPUNGE                                | false | true
            a UID EXPUNGE 1:3                        | false | true
            a COPY 1 INBOX                           | false | true
            a UID MOVE 1 Trash                       | false | true
            a CLOSE                                  | false | true
            # A body fetch without PEEK sets \\Seen (RFC 9051 §6.4.5).
            a FETCH 1 (BODY[])                       | false | true
            a FETCH 1 RFC822                         | false | true
            a UID FETCH 1 (BODY[TEXT])               | false | true
            a FETCH 1 (BINARY[1])                    | false | true
            # Commands that only read: no read of changes unless a wake-up came.
            a FETCH 1:* (FLAGS)                      | false | false
            a FETCH 1 (BODY.PEEK[] ENVELOPE)         | false | false
            a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5) | false | false
            a SEARCH UNSEEN                          | false | false
            a UID SEARCH ALL                         | false | false
            a STATUS INBOX (MESSAGES)                | false | false
            a LIST "" *                              | false | false
            a GETQUOTAROOT INBOX                     | false | false
            a FETCH 1:* (FLAGS)                      | true  | true
            a SEARCH UNSEEN                          | true  | true
            a STATUS INBOX (MESSAGES)                | true  | true
            """)
    void readsTheChangesWhenTheMailboxMayHaveChanged(String line, boolean woken, boolean reads) {
        assertThat(ChangeReads.after(command(line + "\r\n"), woken)).isEqualTo(reads);
    }

    private static ImapCommand command(String input) {
        ImapReader reader = new ImapReader(ReaderLimits.defaults());
        reader.feed(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
        ReaderEvent event = reader.next();
        assertThat(event).isInstanceOf(ReaderEvent.Command.class);
        return CommandTable.parse((ReaderEvent.Command) event);
    }
}
