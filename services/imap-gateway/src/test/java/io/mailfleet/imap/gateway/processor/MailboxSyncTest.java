package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.selected.Reporting;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.imap.selected.UpdateMoment;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.model.mailbox.UidValidity;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read after a STORE, EXPUNGE or APPEND takes the command's own changes instead of the store's logs only when
 * the store said they directly followed the MODSEQ the session's view is at; any other time it reads the store.
 */
class MailboxSyncTest {

    private static final long VIEW_AT = 40;
    private static final MessageIdGenerator IDS = new MessageIdGenerator();

    /** A store that is never to be asked: any call is the test's failure. */
    private final MessageRepository untouchable = (MessageRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MessageRepository.class}, (proxy, method, args) -> {
                throw new StoreAsked(method.getName());
            });

    private final Selected selected = new Selected(new Mailbox(MailboxId.random(), "ann@example.org", MailboxPath.INBOX,
            UidValidity.of(7), Optional.empty(), true), new SelectedMailbox("INBOX", UidValidity.of(7), false,
            new long[] {3, 5, 8, 9}, new long[0], OptionalLong.of(VIEW_AT)), VIEW_AT);

    @Test
    void anExpungeThatFollowedTheViewsModSeqIsReadWithoutTheStore() {
        List<Expunged> expunged = List.of(new Expunged(Uid.of(5), ModSeq.of(41)), new Expunged(Uid.of(9), ModSeq.of(41)));

        MailboxSync.changedAlone(selected, Optional.of(ModSeq.of(VIEW_AT)), List.of(), expunged);
        MailboxSync.Changes changes = MailboxSync.read(untouchable, selected);
        MailboxSync.applyTo(selected, changes, new HashMap<>());

        assertThat(changes.expunged()).containsExactlyElementsOf(expunged);
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.upTo()).isEqualTo(41);
        assertThat(selected.syncedModSeq()).isEqualTo(41);
        assertThatThrownBy(() -> MailboxSync.read(untouchable, selected)).as("the changes are taken once")
                .isInstanceOf(StoreAsked.class);
    }

    @Test
    void aStoreThatFollowedTheViewsModSeqGivesItsFlagsUpToItsLastModSeq() {
        List<MessageFlags> changed = List.of(new MessageFlags(Uid.of(3), ModSeq.of(41), Flags.of(Flag.FLAGGED)),
                new MessageFlags(Uid.of(8), ModSeq.of(42), Flags.of(Flag.FLAGGED, Flag.SEEN)));

        MailboxSync.changedAlone(selected, Optional.of(ModSeq.of(VIEW_AT)), changed, List.of());
        MailboxSync.Changes changes = MailboxSync.read(untouchable, selected);

        assertThat(changes.changed()).containsExactlyElementsOf(changed);
        assertThat(changes.upTo()).isEqualTo(42);
    }

    @Test
    void anAppendThatFollowedTheViewsModSeqAddsItsMessagesWithoutTheStore() {
        // A MULTIAPPEND of three messages: one change, one MODSEQ.
        List<MessageFlags> appended = List.of(new MessageFlags(Uid.of(10), ModSeq.of(41), Flags.EMPTY),
                new MessageFlags(Uid.of(11), ModSeq.of(41), Flags.of(Flag.SEEN)), new MessageFlags(Uid.of(12), ModSeq.of(41), Flags.EMPTY));

        MailboxSync.changedAlone(selected, Optional.of(ModSeq.of(VIEW_AT)), appended, List.of());
        MailboxSync.applyTo(selected, MailboxSync.read(untouchable, selected), new HashMap<>());

        assertThat(selected.syncedModSeq()).isEqualTo(41);
        assertThat(selected.view().updates(UpdateMoment.ANY_COMMAND, Reporting.IMAP4REV1))
                .containsExactly(new MailboxData.Exists(7), new MailboxData.Recent(0));
        assertThat(selected.view().messages().lastUid()).isEqualTo(12);
        assertThat(selected.view().messages().msn(10)).isEqualTo(5);
    }

    @Test
    void aStoreThatChangedNothingLeavesTheViewWhereItIs() {
        MailboxSync.changedAlone(selected, Optional.of(ModSeq.of(VIEW_AT)), List.of(), List.of());

        MailboxSync.Changes changes = MailboxSync.read(untouchable, selected);

        assertThat(changes.changed()).isEmpty();
        assertThat(changes.expunged()).isEmpty();
        assertThat(changes.upTo()).isEqualTo(VIEW_AT);
    }

    @Test
    void aChangeThatBeganAfterOthersTheViewHasNotSeenIsReadFromTheStore() {
        MailboxSync.changedAlone(selected, Optional.of(ModSeq.of(VIEW_AT + 3)), List.of(),
                List.of(new Expunged(Uid.of(5), ModSeq.of(VIEW_AT + 4))));

        assertThatThrownBy(() -> MailboxSync.read(untouchable, selected)).isInstanceOf(StoreAsked.class)
                .hasMessage("changesSince");
    }

    @Test
    void aChangeThatCannotTellWhetherOthersCameBetweenIsReadFromTheStore() {
        MailboxSync.changedAlone(selected, Optional.empty(), List.of(), List.of(new Expunged(Uid.of(5), ModSeq.of(41))));

        assertThatThrownBy(() -> MailboxSync.read(untouchable, selected)).isInstanceOf(StoreAsked.class)
                .hasMessage("changesSince");
    }

    @Test
    void ownChangesLeftBehindOnceTheViewMovedOnAreNotTaken() {
        MailboxSync.changedAlone(selected, Optional.of(ModSeq.of(VIEW_AT)), List.of(), List.of(new Expunged(Uid.of(5), ModSeq.of(41))));
        // Another read (an IDLE wake-up's) brought the view past the MODSEQ they start at.
        selected.syncedTo(45);

        assertThatThrownBy(() -> MailboxSync.read(untouchable, selected)).isInstanceOf(StoreAsked.class)
                .hasMessage("changesSince");
    }

    @Test
    void aDeliveryHintedForTheSelectedMailboxIsReadUpToItWithoutTheMailboxState() {
        List<Object[]> asked = new ArrayList<>();
        MessageRepository logs = logsAnswering(asked, new ChangesSince.Changes(ModSeq.of(VIEW_AT), ModSeq.of(42),
                List.of(delivered(10, 41), delivered(11, 42)), List.of(), false));

        MailboxSync.Changes changes = MailboxSync.read(logs, selected, 42);
        MailboxSync.applyTo(selected, changes, new HashMap<>());

        assertThat(asked).as("one read of the logs, bounded by the hint").hasSize(1);
        assertThat(asked.get(0)[1]).isEqualTo(ModSeq.of(VIEW_AT));
        assertThat(asked.get(0)[2]).isEqualTo(ModSeq.of(42));
        assertThat(changes.upTo()).isEqualTo(42);
        assertThat(selected.syncedModSeq()).isEqualTo(42);
        assertThat(selected.view().updates(UpdateMoment.ANY_COMMAND, Reporting.IMAP4REV1))
                .containsExactly(new MailboxData.Exists(6), new MailboxData.Recent(0));
        assertThat(selected.view().messages().lastUid()).isEqualTo(11);
    }

    @Test
    void aHintWhoseChangeTheLogsDoNotHoldIsReadAgainFromTheMailboxState() {
        // The hinted message was flagged again since: its row's MODSEQ is no longer the hint's.
        MessageRepository logs = logsAnswering(new ArrayList<>(), new ChangesSince.Changes(ModSeq.of(VIEW_AT), ModSeq.of(42),
                List.of(delivered(10, 41)), List.of(), false));

        assertThatThrownBy(() -> MailboxSync.read(logs, selected, 42)).isInstanceOf(StoreAsked.class)
                .hasMessage("changesSince");
    }

    @Test
    void aHintThatFillsMoreThanAPageIsReadAgainFromTheMailboxState() {
        MessageRepository logs = logsAnswering(new ArrayList<>(), new ChangesSince.Changes(ModSeq.of(VIEW_AT), ModSeq.of(42),
                List.of(delivered(10, 42)), List.of(), true));

        assertThatThrownBy(() -> MailboxSync.read(logs, selected, 50)).isInstanceOf(StoreAsked.class)
                .hasMessage("changesSince");
    }

    @Test
    void aHintTheViewIsAlreadyPastReadsFromTheMailboxState() {
        MessageRepository logs = logsAnswering(new ArrayList<>(), new ChangesSince.Changes(ModSeq.of(VIEW_AT), ModSeq.of(VIEW_AT),
                List.of(), List.of(), false));

        assertThatThrownBy(() -> MailboxSync.read(logs, selected, VIEW_AT)).isInstanceOf(StoreAsked.class)
                .hasMessage("changesSince");
    }

    /**
     * A store whose logs answer a read bounded by the caller ({@code changesSince} with a highest MODSEQ) with
     * {@code page}, each call's arguments kept in {@code asked}; anything else, the read that asks the state
     * first included, is the test's failure.
     */
    private MessageRepository logsAnswering(List<Object[]> asked, ChangesSince page) {
        return (MessageRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MessageRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("changesSince") && args.length == 3) {
                        asked.add(args);
                        return page;
                    }
                    throw new StoreAsked(method.getName());
                });
    }

    private static StoredMessage delivered(long uid, long modSeq) {
        return new StoredMessage(Uid.of(uid), ModSeq.of(modSeq), Flags.EMPTY, IDS.next(), "blob-" + uid, 100,
                Instant.parse("2026-12-07T08:00:00Z"));
    }

    private static final class StoreAsked extends RuntimeException {
        StoreAsked(String method) {
            super(method);
        }
    }
}
