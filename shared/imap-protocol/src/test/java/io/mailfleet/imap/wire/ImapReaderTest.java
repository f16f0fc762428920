package io.mailfleet.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.imap.wire.ReaderEvent.AppendMessageStart;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImapReaderTest {

    private static final ReaderLimits LIMITS = new ReaderLimits(200, 100, 1000, ReaderLimits.LITERAL_MINUS_LIMIT, 16);

    private static Transcript transcript() {
        return new Transcript(LIMITS);
    }

    @Test
    void readsCommandsPipelinedInOneChunk() {
        assertThat(transcript().feed("a1 NOOP\r\na2 LOGOUT\r\n").events()).containsExactly(
                "command NoArgumentsCommand[tag=a1, kind=NOOP]",
                "command NoArgumentsCommand[tag=a2, kind=LOGOUT]");
    }

    @Test
    void waitsForTheEndOfTheLine() {
        Transcript transcript = transcript().feed("a1 NO");
        assertThat(transcript.events()).isEmpty();
        assertThat(transcript.feed("OP\r\n").events()).containsExactly("command NoArgumentsCommand[tag=a1, kind=NOOP]");
    }

    @Test
    void acceptsABareLineFeedAndSkipsBlankLines() {
        assertThat(transcript().feed("\r\na1 NOOP\n").events())
                .containsExactly("command NoArgumentsCommand[tag=a1, kind=NOOP]");
    }

    @Test
    void synchronizingLiteralWaitsForTheSessionsDecision() {
        Transcript transcript = transcript();
        transcript.feed("A001 LOGIN {11}\r\n");
        assertThat(transcript.events()).containsExactly("ContinuationNeeded[tag=A001, size=11]");
        transcript.feed("FRED FOOBAR {7}\r\n");
        transcript.feed("fat man\r\n");
        assertThat(transcript.events()).containsExactly(
                "ContinuationNeeded[tag=A001, size=11]",
                "ContinuationNeeded[tag=A001, size=7]",
                "command LoginCommand[tag=A001, user=FRED FOOBAR, password=<hidden>]");
    }

    @Test
    void nextThrowsUntilTheSessionDecides() {
        ImapReader reader = new ImapReader(LIMITS);
        reader.feed(ByteBuffer.wrap("a LOGIN {3}\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(reader.next()).isInstanceOf(ReaderEvent.ContinuationNeeded.class);
        assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ImapReader(LIMITS).acceptLiteral()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusedSynchronizingLiteralResynchronisesOnTheNextLine() {
        Transcript transcript = new Transcript(LIMITS, event -> true);
        transcript.feed("a LOGIN {3}\r\nb NOOP\r\n");
        assertThat(transcript.events()).containsExactly(
                "ContinuationNeeded[tag=a, size=3]", "refused", "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void nonSynchronizingLiteralsNeedNoContinuation() {
        assertThat(transcript().feed("a LOGIN {4+}\r\nfred {6+}\r\nsecret\r\n").events())
                .containsExactly("command LoginCommand[tag=a, user=fred, password=<hidden>]");
    }

    @Test
    void literalMinusRefusesALargerNonSynchronizingLiteralAndSkipsItsOctets() {
        ReaderLimits limits = new ReaderLimits(10_000, 8000, 10_000, ReaderLimits.LITERAL_MINUS_LIMIT, 16);
        String literal = "x".repeat(4097);
        assertThat(new Transcript(limits).feed("a LOGIN {4097+}\r\n" + literal + " {2+}\r\nab\r\nb NOOP\r\n").events())
                .containsExactly(
                        "Rejected[tag=Optional[a], rejection=NON_SYNCHRONIZING_TOO_BIG, "
                                + "text=non-synchronizing literals are limited to 4096 octets]",
                        "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void literalPlusAcceptsAnyNonSynchronizingLiteralWithinTheLimits() {
        ReaderLimits limits = new ReaderLimits(10_000, 8000, 10_000, Long.MAX_VALUE, 16);
        String literal = "x".repeat(5000);
        assertThat(new Transcript(limits).feed("a LOGIN {5000+}\r\n" + literal + " p\r\n").events())
                .containsExactly("command LoginCommand[tag=a, user=" + literal + ", password=<hidden>]");
    }

    @Test
    void literalOverTheLimitIsRefusedBeforeItsOctets() {
        assertThat(transcript().feed("a LOGIN {101}\r\nb NOOP\r\n").events()).containsExactly(
                "Rejected[tag=Optional[a], rejection=LITERAL_TOO_BIG, text=literal too big]",
                "command NoArgumentsCommand[tag=b, kind=NOOP]");
        assertThat(transcript().feed("a LOGIN {101+}\r\n" + "y".repeat(101) + " {1}\r\nb NOOP\r\n").events())
                .containsExactly(
                        "Rejected[tag=Optional[a], rejection=LITERAL_TOO_BIG, text=literal too big]",
                        "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void literalsCountAgainstTheCommandLength() {
        String first = "z".repeat(100);
        assertThat(transcript().feed("a LOGIN {100+}\r\n" + first + " {95+}\r\n" + "w".repeat(95) + "\r\nb NOOP\r\n")
                .events()).containsExactly(
                        "Rejected[tag=Optional[a], rejection=LITERAL_TOO_BIG, text=literal too big]",
                        "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void overlongLineIsRefusedWithItsTagAndSkipped() {
        String line = "a7 LOGIN " + "x".repeat(300) + "\r\nb NOOP\r\n";
        assertThat(transcript().feed(line).events()).containsExactly(
                "Rejected[tag=Optional[a7], rejection=COMMAND_TOO_LONG, text=command longer than 200 octets]",
                "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void overlongLineEndingInANonSynchronizingLiteralSkipsTheLiteralToo() {
        String line = "a7 LOGIN " + "x".repeat(300) + " {9+}\r\nb NOOP\r\n\r\nc NOOP\r\n";
        assertThat(transcript().feed(line).events()).containsExactly(
                "Rejected[tag=Optional[a7], rejection=COMMAND_TOO_LONG, text=command longer than 200 octets]",
                "command NoArgumentsCommand[tag=c, kind=NOOP]");
    }

    @Test
    void lineWithoutATagIsRefusedUntagged() {
        assertThat(transcript().feed("+a NOOP\r\nfoo\r\n(x\r\n").events()).containsExactly(
                "Rejected[tag=Optional.empty, rejection=SYNTAX, text=a command begins with a tag]",
                "Rejected[tag=Optional[foo], rejection=SYNTAX, text=missing command]",
                "Rejected[tag=Optional.empty, rejection=SYNTAX, text=a command begins with a tag]");
    }

    @Test
    void refusedLineSkipsItsNonSynchronizingLiteral() {
        assertThat(transcript().feed("(bad {8+}\r\nb NOOP\r\n\r\nc NOOP\r\n").events()).containsExactly(
                "Rejected[tag=Optional.empty, rejection=SYNTAX, text=a command begins with a tag]",
                "command NoArgumentsCommand[tag=c, kind=NOOP]");
    }

    @Test
    void eightBitTextNeedsUtf8Accept() {
        String line = "a SELECT \"Entw\u00fcrfe\"\r\n";
        assertThat(transcript().feed(line).events()).containsExactly(
                "Rejected[tag=Optional[a], rejection=SYNTAX, text=8-bit characters outside literals need UTF8=ACCEPT]");
        Transcript transcript = transcript();
        transcript.reader().enableUtf8();
        assertThat(transcript.feed(line).events()).containsExactly(
                "command SelectCommand[tag=a, kind=SELECT, mailbox=Entw\u00fcrfe, condstore=false, "
                        + "qresync=Optional.empty]");
    }

    @Test
    void invalidUtf8IsRefused() {
        Transcript transcript = transcript();
        transcript.reader().enableUtf8();
        byte[] line = {'a', ' ', 'S', 'E', 'L', 'E', 'C', 'T', ' ', '"', (byte) 0xC3, '"', '\r', '\n'};
        assertThat(transcript.feed(line).events())
                .containsExactly("Rejected[tag=Optional[a], rejection=SYNTAX, text=invalid UTF-8]");
    }

    @Test
    void nulInALineIsRefused() {
        assertThat(transcript().feed("a NOOP\0\r\n").events()).containsExactly(
                "Rejected[tag=Optional[a], rejection=SYNTAX, text=NUL and CR are not allowed in a command line]");
    }

    @Test
    void continuationLineIsDeliveredAsIs() {
        Transcript transcript = transcript();
        transcript.reader().expectContinuationLine();
        assertThat(transcript.feed("dGVzdA==\r\na NOOP\r\n").events()).containsExactly(
                "ContinuationLine[text=dGVzdA==]", "command NoArgumentsCommand[tag=a, kind=NOOP]");
    }

    @Test
    void aRefusedContinuationLineEndsTheWaitForIt() {
        Transcript transcript = transcript();
        transcript.reader().expectContinuationLine();
        assertThat(transcript.feed("x".repeat(300) + "\r\na NOOP\r\n").events()).containsExactly(
                "Rejected[tag=Optional.empty, rejection=COMMAND_TOO_LONG, text=command longer than 200 octets]",
                "command NoArgumentsCommand[tag=a, kind=NOOP]");
    }

    @Test
    void anEmptyContinuationLineIsDelivered() {
        Transcript transcript = transcript();
        transcript.reader().expectContinuationLine();
        assertThat(transcript.feed("\r\n").events()).containsExactly("ContinuationLine[text=]");
    }

    /** RFC 3501 §8: the APPEND of the example dialogue, with a synchronizing literal. */
    @Test
    void appendStreamsTheMessage() {
        String message = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n\r\nHello Joe, do you think we can meet at 3:30 tomorrow?\r\n";
        Transcript transcript = new Transcript(new ReaderLimits(200, 100, 1000, 4096, 16));
        transcript.feed("A003 APPEND saved-messages (\\Seen) {" + message.length() + "}\r\n");
        transcript.feed(message + "\r\n");
        assertThat(transcript.events()).containsExactly(
                "AppendMessageStart[tag=A003, mailbox=saved-messages, flags=[\\Seen], internalDate=Optional.empty, "
                        + "size=" + message.length() + ", binary=false, utf8=false, synchronizing=true]",
                "message " + message,
                "AppendDone[tag=A003, messages=1]");
    }

    @Test
    void appendDeliversTheMessageInBoundedChunks() {
        ImapReader reader = new ImapReader(LIMITS);
        reader.feed(ByteBuffer.wrap(("a APPEND x {40+}\r\n" + "m".repeat(40) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        assertThat(reader.next()).isInstanceOf(AppendMessageStart.class);
        for (int size : new int[] {16, 16, 8}) {
            assertThat(((ReaderEvent.AppendChunk) reader.next()).octets()).hasSize(size);
        }
        assertThat(reader.next()).isInstanceOf(ReaderEvent.AppendMessageEnd.class);
        assertThat(reader.next()).isEqualTo(new ReaderEvent.AppendDone("a", 1));
    }

    /** RFC 3502 §6: MULTIAPPEND, with date-times and a mailbox sent as a literal. */
    @Test
    void multiappendDeliversEachMessage() {
        String first = "Subject: one\r\n\r\n1\r\n";
        String second = "Subject: two\r\n\r\n2\r\n";
        String input = "A003 APPEND {7+}\r\nsaved-1 (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {" + first.length() + "+}\r\n"
                + first + " \"07-Feb-1994 22:43:04 -0800\" {" + second.length() + "+}\r\n" + second + "\r\n";
        assertThat(transcript().feed(input).events()).containsExactly(
                "AppendMessageStart[tag=A003, mailbox=saved-1, flags=[\\Seen], "
                        + "internalDate=Optional[1994-02-07T21:52:25-08:00], size=" + first.length()
                        + ", binary=false, utf8=false, synchronizing=false]",
                "message " + first,
                "AppendMessageStart[tag=A003, mailbox=saved-1, flags=[], internalDate=Optional[1994-02-07T22:43:04-08:00], "
                        + "size=" + second.length() + ", binary=false, utf8=false, synchronizing=false]",
                "message " + second,
                "AppendDone[tag=A003, messages=2]");
    }

    /** RFC 3516 §4.4 and RFC 6855 §4: binary messages, plain and in UTF8 (...). */
    @Test
    void appendTakesBinaryAndUtf8Messages() {
        assertThat(transcript().feed("a APPEND INBOX ~{3+}\r\nA\0B\r\nb APPEND INBOX UTF8 (~{2+}\r\nhi)\r\n").events())
                .containsExactly(
                        "AppendMessageStart[tag=a, mailbox=INBOX, flags=[], internalDate=Optional.empty, size=3, "
                                + "binary=true, utf8=false, synchronizing=false]",
                        "message A\0B",
                        "AppendDone[tag=a, messages=1]",
                        "AppendMessageStart[tag=b, mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, "
                                + "binary=true, utf8=true, synchronizing=false]",
                        "message hi",
                        "AppendDone[tag=b, messages=1]");
    }

    @Test
    void appendOverTheMessageLimitIsRefusedBeforeItsOctets() {
        assertThat(transcript().feed("a APPEND INBOX {1001}\r\nb NOOP\r\n").events()).containsExactly(
                "Rejected[tag=Optional[a], rejection=MESSAGE_TOO_BIG, text=messages are limited to 1000 octets]",
                "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void nonSynchronizingAppendOverTheLimitIsSkippedWithTheRestOfTheCommand() {
        ReaderLimits limits = new ReaderLimits(200, 100, 10, Long.MAX_VALUE, 16);
        String input = "a APPEND INBOX {11+}\r\n" + "0123456789A" + " {3+}\r\nabc\r\nb NOOP\r\n";
        assertThat(new Transcript(limits).feed(input).events()).containsExactly(
                "Rejected[tag=Optional[a], rejection=MESSAGE_TOO_BIG, text=messages are limited to 10 octets]",
                "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void sessionMayRefuseANonSynchronizingMessageBeforeItsOctets() {
        Transcript transcript = new Transcript(LIMITS, event -> event instanceof AppendMessageStart);
        assertThat(transcript.feed("a APPEND nosuch {5+}\r\nhello\r\nb NOOP\r\n").events()).containsExactly(
                "AppendMessageStart[tag=a, mailbox=nosuch, flags=[], internalDate=Optional.empty, size=5, "
                        + "binary=false, utf8=false, synchronizing=false]",
                "refused",
                "command NoArgumentsCommand[tag=b, kind=NOOP]");
    }

    @Test
    void malformedAppendIsRefusedWithItsTag() {
        assertThat(transcript().feed("a APPEND INBOX\r\nb APPEND INBOX (\\Recent) {1}\r\nc APPEND INBOX {1+}\r\nx junk\r\n")
                .events()).containsExactly(
                        "Rejected[tag=Optional[a], rejection=SYNTAX, text=APPEND needs a message literal]",
                        "Rejected[tag=Optional[b], rejection=SYNTAX, "
                                + "text=bad flag: \\Recent is per-session state and cannot be stored or set]",
                        "AppendMessageStart[tag=c, mailbox=INBOX, flags=[], internalDate=Optional.empty, size=1, "
                                + "binary=false, utf8=false, synchronizing=false]",
                        "message x",
                        "Rejected[tag=Optional[c], rejection=SYNTAX, text=unexpected characters after the message]");
    }
}
