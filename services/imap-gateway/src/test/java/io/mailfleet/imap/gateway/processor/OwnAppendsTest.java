package io.mailfleet.imap.gateway.processor;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a session's APPENDs to its selected mailbox are all the changes it has not read, and so are
 * reported without reading the store: only when each append's change directly followed what the view
 * had read, or the append before.
 */
class OwnAppendsTest {

    private static Appended appended(long uid, long previous, long modSeq) {
        return new Appended(Uid.of(uid), ModSeq.of(modSeq), ModSeq.of(previous));
    }

    @Test
    void anAppendRightAfterWhatTheViewReadIsTheOnlyChange() {
        MailboxSync.Changes changes = MailboxSync.ofOwnAppends(40, List.of(appended(7, 40, 41))).orElseThrow();

        assertThat(changes.added()).containsExactly(7);
        assertThat(changes.upTo()).isEqualTo(41);
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.expunged()).isEmpty();
        assertThat(changes.vanishedUids()).isEmpty();
    }

    @Test
    void appendsEachRightAfterTheOneBeforeAreAllTheChanges() {
        MailboxSync.Changes changes = MailboxSync.ofOwnAppends(40, List.of(appended(7, 40, 41), appended(8, 41, 42),
                appended(9, 42, 43))).orElseThrow();

        assertThat(changes.added()).containsExactly(7, 8, 9);
        assertThat(changes.upTo()).isEqualTo(43);
    }

    @Test
    void messagesAppendedInOneChangeShareItsModSeq() {
        MailboxSync.Changes changes = MailboxSync.ofOwnAppends(40, List.of(appended(7, 40, 41), appended(8, 40, 41),
                appended(9, 41, 42))).orElseThrow();

        assertThat(changes.added()).containsExactly(7, 8, 9);
        assertThat(changes.upTo()).isEqualTo(42);
    }

    @Test
    void aChangeTheViewHasNotReadBeforeTheAppendMeansReading() {
        // Another session's STORE took MODSEQ 41 before this session's append.
        assertThat(MailboxSync.ofOwnAppends(40, List.of(appended(7, 41, 42)))).isEmpty();
    }

    @Test
    void aChangeBetweenTwoAppendsMeansReading() {
        // A delivery took MODSEQ 42 between the two appends of one MULTIAPPEND.
        assertThat(MailboxSync.ofOwnAppends(40, List.of(appended(7, 40, 41), appended(9, 42, 43)))).isEmpty();
    }

    @Test
    void noAppendMeansReading() {
        assertThat(MailboxSync.ofOwnAppends(40, List.of())).isEmpty();
    }
}
