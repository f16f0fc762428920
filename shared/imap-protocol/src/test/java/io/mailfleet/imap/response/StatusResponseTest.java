package io.mailfleet.imap.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.imap.response.ResponseCode.Simple;
import io.mailfleet.imap.response.StatusResponse.Condition;

/** The status responses and response codes of RFC 3501 §7.1, RFC 9051 §7.1 and the extensions, from their examples. */
class StatusResponseTest {

    static Stream<Arguments> rfcExamples() {
        return Stream.of(
                // RFC 3501 §7.1
                Arguments.of(StatusResponse.untagged(Condition.OK, null, "IMAP4rev1 server ready"),
                        "* OK IMAP4rev1 server ready"),
                Arguments.of(StatusResponse.ok("A001", "LOGIN completed"), "A001 OK LOGIN completed"),
                Arguments.of(StatusResponse.untagged(Condition.NO, null, "Disk is 98% full, please delete unnecessary data"),
                        "* NO Disk is 98% full, please delete unnecessary data"),
                Arguments.of(StatusResponse.untagged(Condition.BAD, null, "Command line too long"),
                        "* BAD Command line too long"),
                Arguments.of(StatusResponse.untagged(Condition.PREAUTH, null, "IMAP4rev1 server logged in as Smith"),
                        "* PREAUTH IMAP4rev1 server logged in as Smith"),
                Arguments.of(StatusResponse.bye("Autologout; idle for too long"), "* BYE Autologout; idle for too long"),
                Arguments.of(StatusResponse.untagged(Condition.OK, ResponseCode.Number.unseen(17),
                        "Message 17 is the first unseen message"),
                        "* OK [UNSEEN 17] Message 17 is the first unseen message"),
                Arguments.of(StatusResponse.untagged(Condition.OK, ResponseCode.Number.uidValidity(3857529045L), "UIDs valid"),
                        "* OK [UIDVALIDITY 3857529045] UIDs valid"),
                Arguments.of(StatusResponse.untagged(Condition.OK, ResponseCode.Number.uidNext(4392), "Predicted next UID"),
                        "* OK [UIDNEXT 4392] Predicted next UID"),
                Arguments.of(StatusResponse.untagged(Condition.OK,
                        new ResponseCode.PermanentFlags(List.of("\\Deleted", "\\Seen", "\\*")), "Limited"),
                        "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited"),
                Arguments.of(StatusResponse.tagged("A142", Condition.OK, Simple.READ_WRITE, "SELECT completed"),
                        "A142 OK [READ-WRITE] SELECT completed"),
                Arguments.of(StatusResponse.tagged("A932", Condition.OK, Simple.READ_ONLY, "EXAMINE completed"),
                        "A932 OK [READ-ONLY] EXAMINE completed"),
                Arguments.of(StatusResponse.tagged("A003", Condition.NO, Simple.TRYCREATE, "No such mailbox"),
                        "A003 NO [TRYCREATE] No such mailbox"),
                Arguments.of(StatusResponse.untagged(Condition.OK, Simple.ALERT, "System shutdown in 10 minutes"),
                        "* OK [ALERT] System shutdown in 10 minutes"),
                Arguments.of(StatusResponse.tagged("A1", Condition.NO, new ResponseCode.BadCharset(List.of("UTF-8", "US-ASCII")),
                        "Unknown charset"), "A1 NO [BADCHARSET (UTF-8 US-ASCII)] Unknown charset"),
                Arguments.of(StatusResponse.untagged(Condition.OK, new ResponseCode.Capability(
                        List.of("IMAP4rev1", "IMAP4rev2", "STARTTLS", "AUTH=PLAIN", "LOGINDISABLED")), "ready"),
                        "* OK [CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS AUTH=PLAIN LOGINDISABLED] ready"),
                // RFC 5530 §3 (also RFC 9051 §7.1)
                Arguments.of(StatusResponse.tagged("a", Condition.NO, Simple.UNAVAILABLE, "User's backend down for maintenance"),
                        "a NO [UNAVAILABLE] User's backend down for maintenance"),
                Arguments.of(StatusResponse.tagged("b", Condition.NO, Simple.AUTHENTICATIONFAILED, "Authentication failed"),
                        "b NO [AUTHENTICATIONFAILED] Authentication failed"),
                Arguments.of(StatusResponse.tagged("c", Condition.NO, Simple.ALREADYEXISTS, "Mailbox already exists"),
                        "c NO [ALREADYEXISTS] Mailbox already exists"),
                Arguments.of(StatusResponse.tagged("d", Condition.NO, Simple.NONEXISTENT, "No such mailbox"),
                        "d NO [NONEXISTENT] No such mailbox"),
                Arguments.of(StatusResponse.tagged("e", Condition.OK, Simple.EXPUNGEISSUED, "Search completed"),
                        "e OK [EXPUNGEISSUED] Search completed"),
                Arguments.of(StatusResponse.tagged("f", Condition.NO, Simple.PRIVACYREQUIRED, "Connection not encrypted"),
                        "f NO [PRIVACYREQUIRED] Connection not encrypted"),
                Arguments.of(StatusResponse.tagged("g", Condition.NO, Simple.LIMIT, "Too many messages"),
                        "g NO [LIMIT] Too many messages"),
                Arguments.of(StatusResponse.tagged("h", Condition.BAD, Simple.CLIENTBUG, "Done already"),
                        "h BAD [CLIENTBUG] Done already"),
                Arguments.of(StatusResponse.tagged("i", Condition.NO, Simple.SERVERBUG, "Internal error"),
                        "i NO [SERVERBUG] Internal error"),
                Arguments.of(StatusResponse.tagged("j", Condition.NO, Simple.CANNOT, "Cannot do that"),
                        "j NO [CANNOT] Cannot do that"),
                Arguments.of(StatusResponse.tagged("k", Condition.NO, Simple.INUSE, "Mailbox in use"),
                        "k NO [INUSE] Mailbox in use"),
                Arguments.of(StatusResponse.tagged("l", Condition.NO, Simple.NOPERM, "Access denied"),
                        "l NO [NOPERM] Access denied"),
                Arguments.of(StatusResponse.tagged("m", Condition.NO, Simple.CORRUPTION, "Data corrupted"),
                        "m NO [CORRUPTION] Data corrupted"),
                Arguments.of(StatusResponse.tagged("n", Condition.NO, Simple.AUTHORIZATIONFAILED, "No such authorization-ID"),
                        "n NO [AUTHORIZATIONFAILED] No such authorization-ID"),
                Arguments.of(StatusResponse.tagged("o", Condition.NO, Simple.EXPIRED, "Password expired"),
                        "o NO [EXPIRED] Password expired"),
                Arguments.of(StatusResponse.tagged("p", Condition.NO, Simple.CONTACTADMIN, "Call us"),
                        "p NO [CONTACTADMIN] Call us"),
                // RFC 9051 §7.1: HASCHILDREN
                Arguments.of(StatusResponse.tagged("A", Condition.NO, Simple.HASCHILDREN, "Mailbox has children"),
                        "A NO [HASCHILDREN] Mailbox has children"),
                // RFC 9208 §4.3 OVERQUOTA
                Arguments.of(StatusResponse.tagged("A003", Condition.NO, Simple.OVERQUOTA, "Quota exceeded"),
                        "A003 NO [OVERQUOTA] Quota exceeded"),
                // RFC 4315 §3 (UIDPLUS)
                Arguments.of(StatusResponse.tagged("A003", Condition.OK,
                        new ResponseCode.AppendUid(38505, NumberSet.of(3955)), "APPEND completed"),
                        "A003 OK [APPENDUID 38505 3955] APPEND completed"),
                Arguments.of(StatusResponse.tagged("A004", Condition.OK,
                        new ResponseCode.CopyUid(38505, NumberSet.of(304, 319, 320), NumberSet.of(3956, 3957, 3958)), "Done"),
                        "A004 OK [COPYUID 38505 304,319:320 3956:3958] Done"),
                Arguments.of(StatusResponse.tagged("A5", Condition.OK, Simple.UIDNOTSTICKY, "Non-persistent UIDs"),
                        "A5 OK [UIDNOTSTICKY] Non-persistent UIDs"),
                // RFC 7162 §3.1.2.1, §3.1.2.2, §3.1.3, §3.2.11
                Arguments.of(StatusResponse.untagged(Condition.OK, ResponseCode.Number.highestModSeq(715194045007L), "Highest"),
                        "* OK [HIGHESTMODSEQ 715194045007] Highest"),
                Arguments.of(StatusResponse.untagged(Condition.OK, Simple.NOMODSEQ,
                        "Sorry, this mailbox format doesn't support modsequences"),
                        "* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences"),
                Arguments.of(StatusResponse.tagged("d105", Condition.OK, new ResponseCode.Modified(NumberSet.of(7, 9)),
                        "Conditional STORE failed"), "d105 OK [MODIFIED 7,9] Conditional STORE failed"),
                Arguments.of(StatusResponse.untagged(Condition.OK, Simple.CLOSED, "Previous mailbox is now closed"),
                        "* OK [CLOSED] Previous mailbox is now closed"),
                // RFC 5182 §2.4, RFC 3516 §4.3, RFC 4469 §5 / RFC 7889, RFC 6154 §6, RFC 4978 §3
                Arguments.of(StatusResponse.tagged("A1", Condition.OK, Simple.NOTSAVED, "Search result not saved"),
                        "A1 OK [NOTSAVED] Search result not saved"),
                Arguments.of(StatusResponse.tagged("A2", Condition.NO, Simple.UNKNOWN_CTE, "Can't decode this part"),
                        "A2 NO [UNKNOWN-CTE] Can't decode this part"),
                Arguments.of(StatusResponse.tagged("A3", Condition.NO, Simple.TOOBIG, "Message too large"),
                        "A3 NO [TOOBIG] Message too large"),
                Arguments.of(StatusResponse.tagged("A4", Condition.NO, Simple.USEATTR, "\\All not supported"),
                        "A4 NO [USEATTR] \\All not supported"),
                Arguments.of(StatusResponse.tagged("A5", Condition.NO, Simple.COMPRESSIONACTIVE, "DEFLATE active"),
                        "A5 NO [COMPRESSIONACTIVE] DEFLATE active"),
                Arguments.of(StatusResponse.tagged("A6", Condition.BAD, Simple.PARSE, "Bad header"),
                        "A6 BAD [PARSE] Bad header"),
                // RFC 8474 §4.1
                Arguments.of(StatusResponse.tagged("3", Condition.OK,
                        new ResponseCode.MailboxId("F2212ea87-6097-4256-9d51-71338625"), "Completed"),
                        "3 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Completed"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rfcExamples")
    void encodesTheRfcExamples(Response response, String line) {
        assertThat(new String(response.encode(false), StandardCharsets.UTF_8)).isEqualTo(line + "\r\n");
    }

    @Test
    void keepsNonAsciiTextOnlyForUtf8Sessions() {
        StatusResponse response = StatusResponse.no("a1", "Postfach überfüllt");
        assertThat(new String(response.encode(true), StandardCharsets.UTF_8)).isEqualTo("a1 NO Postfach überfüllt\r\n");
        assertThat(new String(response.encode(false), StandardCharsets.UTF_8)).isEqualTo("a1 NO Postfach ?berf?llt\r\n");
    }

    @Test
    void refusesWhatTheGrammarCannotCarry() {
        assertThatThrownBy(() -> StatusResponse.ok("a1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatusResponse.ok("a1", "two\r\nlines")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatusResponse.ok("a b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusResponse("a1", Condition.BYE, null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseCode.MailboxId("has space")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesContinuations() {
        assertThat(new String(Continuation.text("Ready for literal data").encode(false), StandardCharsets.US_ASCII))
                .isEqualTo("+ Ready for literal data\r\n");
        // RFC 9051 §6.2.2: an empty challenge
        assertThat(new String(new Continuation("").encode(false), StandardCharsets.US_ASCII)).isEqualTo("+ \r\n");
        assertThat(new String(new Continuation("aGk=").encode(false), StandardCharsets.US_ASCII))
                .isEqualTo("+ aGk=\r\n");
        assertThatThrownBy(() -> new Continuation("a\r\nb")).isInstanceOf(IllegalArgumentException.class);
    }
}
