package io.mailfleet.imap.command;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.imap.wire.ImapSyntaxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each command's broken forms are refused with a reason, for {@code tag BAD reason}. */
class CommandErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a FROB                                          | unknown command
            a UID NOOP                                      | unknown command
            a NOOP now                                      | unexpected characters at the end of the command
            a CAPABILITY                                    |
            a LOGIN fred                                    | expected ' '
            a LOGIN fred (secret)                           | expected an atom or a string
            a AUTHENTICATE                                  | expected ' '
            a AUTHENTICATE PLAIN abc                        | the initial response is not base64
            a ENABLE                                        | expected ' '
            a ID ()x                                        | unexpected characters at the end of the command
            a ID ("name")                                   | expected ' '
            a SELECT INBOX (FOO)                            | unknown SELECT parameter
            a SELECT INBOX (QRESYNC (0 1))                  | expected a non-zero number
            a SELECT INBOX (QRESYNC (1 0))                  | a mod-sequence value is positive
            a SELECT INBOX (QRESYNC (1 2 1:*))              | expected a number
            a EXAMINE                                       | expected ' '
            a CREATE x (USE (Junk))                         | expected '\\'
            a CREATE x (FOO)                                | expected USE
            a DELETE                                        | expected ' '
            a RENAME x                                      | expected ' '
            a SUBSCRIBE (x)                                 | expected an atom or a string
            a LIST (RECURSIVEMATCH) "" "*"                  | RECURSIVEMATCH needs another selection option
            a LIST (FOO) "" "*"                             | unknown LIST selection option
            a LIST "" "*" RETURN (FOO)                      | unknown LIST return option
            a LIST "" ()                                    | expected a mailbox pattern
            a LSUB ""                                       | expected ' '
            a STATUS INBOX ()                               | expected an atom
            a STATUS INBOX (MESSAGES FOO)                   | unknown status item
            a STATUS INBOX MESSAGES                         | expected '('
            a UID EXPUNGE                                   | expected ' '
            a UID EXPUNGE 0                                 | expected a non-zero number
            a SEARCH                                        | expected ' '
            a SEARCH FOO                                    | unknown search key
            a SEARCH SINCE 30-Feb-2020                      | no such date
            a SEARCH SINCE 1-Foo-2020                       | expected a month
            a SEARCH KEYWORD \\Seen                         | KEYWORD takes a keyword, not a system flag
            a SEARCH OR SEEN                                | expected ' '
            a SEARCH (SEEN                                  | expected ')'
            a SEARCH RETURN (BOGUS) ALL                     | unknown return option
            a SEARCH MODSEQ "/foo/bar" all 5                | a MODSEQ entry name is /flags/ and a flag
            a SEARCH MODSEQ "/flags/\\\\Seen" mine 5        | a MODSEQ entry type is priv, shared or all
            a SEARCH LARGER 99999999999999999999            | number too large
            a SEARCH EMAILID ++                             | an object id is 1 to 255 letters, digits, '_' or '-'
            a SEARCH 1:2:3                                  | unexpected characters at the end of the command
            a SORT (FOO) UTF-8 ALL                          | unknown sort key
            a SORT (DATE) ALL                               | expected ' '
            a THREAD FOO UTF-8 ALL                          | unknown threading algorithm
            a FETCH 1 (FOO)                                 | unknown FETCH item
            a FETCH 1 BODY.PEEK                             | BODY.PEEK needs a section
            a FETCH 1 BODY[MIME]                            | MIME needs a part number
            a FETCH 1 BODY[1.FOO]                           | unknown section
            a FETCH 1 BODY[]<5>                             | expected '.'
            a FETCH 1 BODY[]<0.0>                           | a partial length is not zero
            a FETCH 1 BINARY[TEXT]                          | expected ']'
            a FETCH 1 FLAGS (VANISHED)                      | VANISHED needs UID FETCH and CHANGEDSINCE
            a UID FETCH 1 FLAGS (VANISHED)                  | VANISHED needs UID FETCH and CHANGEDSINCE
            a FETCH 1 FLAGS (CHANGEDSINCE 0)                | a mod-sequence value is positive
            a FETCH 0 FLAGS                                 | expected a non-zero number
            a FETCH 4294967296 FLAGS                        | number too large
            a STORE 1 FLAGS.LOUD (\\Seen)                   | expected FLAGS or FLAGS.SILENT
            a STORE 1 +FLAGS (\\Recent)                     | bad flag: \\Recent is per-session state and cannot be stored or set
            a STORE 1 (UNCHANGEDSINCE) FLAGS ()             | expected ' '
            a COPY 1                                        | expected ' '
            a MOVE x INBOX                                  | expected a number
            a GETQUOTA                                      | expected ' '
            a COMPRESS                                      | expected ' '
            """)
    void refuses(String line, String reason) {
        if (reason == null) {
            // A well-formed command in the table shows that the rows around it fail for their reason alone.
            Parse.command(line + "\r\n");
            return;
        }
        assertThatThrownBy(() -> Parse.command(line + "\r\n"))
                .isInstanceOf(ImapSyntaxException.class)
                .hasMessage(reason.replace("\\\\", "\\"));
    }
}
