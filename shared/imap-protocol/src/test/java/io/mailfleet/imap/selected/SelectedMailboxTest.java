package io.mailfleet.imap.selected;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.mailfleet.imap.response.Response;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.UidValidity;

/** The rules for when each update may reach the client, one test a rule. */
class SelectedMailboxTest {

    private static final Reporting REV1 = Reporting.IMAP4REV1;
    private static final Reporting REV2 = new Reporting(true, false, false);
    private static final Reporting CONDSTORE = new Reporting(false, true, false);
    private static final Reporting QRESYNC = new Reporting(true, true, true);

    /** Eleven messages, UIDs 101 to 111, none recent, HIGHESTMODSEQ 500. */
    private static SelectedMailbox eleven() {
        long[] uids = new long[11];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = 101 + i;
        }
        return new SelectedMailbox("INBOX", UidValidity.of(3857529045L), false, uids, new long[0], OptionalLong.of(500));
    }

    private static List<String> lines(List<Response> responses) {
        return responses.stream().map(response -> new String(response.encode(false), StandardCharsets.UTF_8).strip())
                .toList();
    }

    @Test
    void reportsExpungesInAscendingOrderWithShiftedNumbers() {
        // RFC 3501 §6.4.3: messages 3, 4, 7 and 11 expunged
        SelectedMailbox mailbox = eleven();
        for (long uid : new long[] {111, 103, 107, 104}) {
            mailbox.expunged(uid, 0);
        }
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, REV1)))
                .containsExactly("* 3 EXPUNGE", "* 3 EXPUNGE", "* 5 EXPUNGE", "* 8 EXPUNGE");
        assertThat(mailbox.messages().size()).isEqualTo(7);
        assertThat(mailbox.updates(UpdateMoment.ANY_COMMAND, REV1)).isEmpty();
    }

    @Test
    void holdsExpungesBackDuringFetchStoreAndSearch() {
        // RFC 3501 §7.4.1: no EXPUNGE while responding to FETCH, STORE or SEARCH
        SelectedMailbox mailbox = eleven();
        mailbox.expunged(102, 0);
        assertThat(mailbox.updates(UpdateMoment.KEEP_NUMBERS, REV1)).isEmpty();
        assertThat(mailbox.messages().uid(2)).isEqualTo(102);
        // ... and they come at the next command that allows them, such as NOOP
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, REV1))).containsExactly("* 2 EXPUNGE");
        assertThat(mailbox.messages().uid(2)).isEqualTo(103);
    }

    @Test
    void sendsExpungesDuringUidCommands() {
        // RFC 9051 §7.5.1: UID FETCH, UID STORE and UID SEARCH may carry EXPUNGE responses
        SelectedMailbox mailbox = eleven();
        mailbox.expunged(105, 0);
        mailbox.flagsChanged(106, Flags.of(Flag.SEEN), 0);
        assertThat(lines(mailbox.updates(UpdateMoment.UID_COMMAND, REV1)))
                .containsExactly("* 5 EXPUNGE", "* 5 FETCH (UID 106 FLAGS (\\Seen))");
    }

    @Test
    void neverLetsExistsDropBeforeTheExpunges() {
        SelectedMailbox mailbox = eleven();
        mailbox.expunged(101, 0);
        mailbox.expunged(102, 0);
        mailbox.added(112, false);
        // The two expunged messages still count while their EXPUNGE waits.
        assertThat(lines(mailbox.updates(UpdateMoment.KEEP_NUMBERS, REV2))).containsExactly("* 12 EXISTS");
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, REV2))).containsExactly("* 1 EXPUNGE", "* 1 EXPUNGE");
        assertThat(mailbox.messages().size()).isEqualTo(10);
        assertThat(mailbox.messages().uid(10)).isEqualTo(112);
    }

    @Test
    void sendsExpungesBeforeExistsSoThatTheCountIsTheNewOne() {
        SelectedMailbox mailbox = eleven();
        mailbox.added(113, false);
        mailbox.added(112, false);
        mailbox.expunged(101, 0);
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, REV2))).containsExactly("* 1 EXPUNGE", "* 12 EXISTS");
    }

    @Test
    void reportsVanishedInsteadOfExpungeUnderQresync() {
        // RFC 7162 §3.2.10
        SelectedMailbox mailbox = eleven();
        for (long uid : new long[] {104, 103, 109, 200}) {
            mailbox.expunged(uid, 510);
        }
        assertThat(lines(mailbox.updates(UpdateMoment.KEEP_NUMBERS, QRESYNC))).isEmpty();
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, QRESYNC))).containsExactly("* VANISHED 103:104,109");
        assertThat(mailbox.highestModSeq()).hasValue(510);
    }

    @Test
    void sendsRecentOnlyToImap4rev1Sessions() {
        SelectedMailbox rev1 = eleven();
        rev1.added(112, true);
        rev1.flagsChanged(112, Flags.of(Flag.FLAGGED), 0);
        assertThat(lines(rev1.updates(UpdateMoment.ANY_COMMAND, REV1)))
                .containsExactly("* 12 EXISTS", "* 1 RECENT", "* 12 FETCH (FLAGS (\\Flagged \\Recent))");
        assertThat(rev1.isRecent(112)).isTrue();

        SelectedMailbox rev2 = eleven();
        rev2.added(112, true);
        rev2.flagsChanged(112, Flags.of(Flag.FLAGGED), 0);
        assertThat(lines(rev2.updates(UpdateMoment.ANY_COMMAND, REV2)))
                .containsExactly("* 12 EXISTS", "* 12 FETCH (FLAGS (\\Flagged))");
    }

    @Test
    void addsUidAndModSeqToFlagChangesUnderCondstore() {
        // RFC 7162 §3.1.4.1 and §3.2.4
        SelectedMailbox mailbox = eleven();
        mailbox.flagsChanged(104, Flags.of(Flag.DELETED, Flag.SEEN), 12121231000L);
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, CONDSTORE)))
                .containsExactly("* 4 FETCH (UID 104 FLAGS (\\Deleted \\Seen) MODSEQ (12121231000))");
        assertThat(mailbox.highestModSeq()).hasValue(12121231000L);
    }

    @Test
    void keepsOnlyTheLatestFlagsOfAMessage() {
        SelectedMailbox mailbox = eleven();
        mailbox.flagsChanged(101, Flags.of(Flag.SEEN, Flag.FLAGGED), 502);
        mailbox.flagsChanged(101, Flags.of(Flag.SEEN), 501);
        mailbox.flagsChanged(102, Flags.of(Flag.ANSWERED), 503);
        assertThat(lines(mailbox.updates(UpdateMoment.KEEP_NUMBERS, REV2)))
                .containsExactly("* 1 FETCH (FLAGS (\\Flagged \\Seen))", "* 2 FETCH (FLAGS (\\Answered))");
    }

    @Test
    void saysNothingOfMessagesTheClientNeverSaw() {
        SelectedMailbox mailbox = eleven();
        mailbox.added(112, true);
        mailbox.flagsChanged(112, Flags.of(Flag.SEEN), 0);
        mailbox.expunged(112, 0);
        assertThat(mailbox.updates(UpdateMoment.ANY_COMMAND, REV1)).isEmpty();
        assertThat(mailbox.messages().size()).isEqualTo(11);
    }

    @Test
    void dropsFlagChangesOfExpungedMessages() {
        SelectedMailbox mailbox = eleven();
        mailbox.flagsChanged(103, Flags.of(Flag.SEEN), 0);
        mailbox.expunged(103, 0);
        mailbox.expunged(104, 0);
        mailbox.flagsChanged(104, Flags.of(Flag.SEEN), 0);
        assertThat(lines(mailbox.updates(UpdateMoment.KEEP_NUMBERS, REV1))).isEmpty();
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, REV1))).containsExactly("* 3 EXPUNGE", "* 3 EXPUNGE");
    }

    @Test
    void advancesHighestModSeqOnlyWhenNothingIsHeldBack() {
        SelectedMailbox mailbox = eleven();
        mailbox.expunged(101, 520);
        mailbox.updates(UpdateMoment.KEEP_NUMBERS, QRESYNC);
        assertThat(mailbox.highestModSeq()).hasValue(500);
        mailbox.updates(UpdateMoment.ANY_COMMAND, QRESYNC);
        assertThat(mailbox.highestModSeq()).hasValue(520);
    }

    @Test
    void ignoresRepeatedNewsOfTheSameMessage() {
        SelectedMailbox mailbox = eleven();
        mailbox.added(112, false);
        mailbox.added(112, false);
        assertThat(lines(mailbox.updates(UpdateMoment.ANY_COMMAND, REV2))).containsExactly("* 12 EXISTS");
        mailbox.added(112, false);
        mailbox.expunged(300, 0);
        assertThat(mailbox.updates(UpdateMoment.ANY_COMMAND, REV2)).isEmpty();
    }
}
