package io.mailfleet.imap.gateway.processor;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.model.mailbox.UidValidity;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoreResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One hint per command and mailbox, however many messages the command changed. */
class EventsTest {

    /** More than the hints' queue holds: one hint per message would have most of them dropped. */
    private static final int MESSAGES = 20_000;

    private final Mailbox archive = new Mailbox(MailboxId.random(), "ann@example.org", MailboxPath.parse("Archive"),
            UidValidity.of(7), Optional.empty(), true);
    private final MessageIdGenerator ids = new MessageIdGenerator();

    @Test
    void aStoreOverThousandsOfMessagesLeavesOneHintOfItsLastChange() {
        List<StoreResult.Updated> updated = new ArrayList<>();
        // In UID order, as the store reports them; the MODSEQs need not follow the UIDs.
        LongStream.rangeClosed(1, MESSAGES).forEach(uid -> updated.add(new StoreResult.Updated(Uid.of(uid),
                Flags.of(Flag.SEEN), ModSeq.of(uid == 5 ? 100 + MESSAGES : 100 + uid))));

        Optional<MailboxEvent> hint = Events.flagsHint(archive, new StoreResult(updated, List.of()));

        assertThat(hint).get().isInstanceOfSatisfying(FlagsChanged.class, changed -> {
            assertThat(changed.account()).isEqualTo("ann@example.org");
            assertThat(changed.toMailboxId()).isEqualTo(archive.id());
            assertThat(changed.uid()).isEqualTo(5);
            assertThat(changed.modSeq()).isEqualTo(100 + MESSAGES);
            assertThat(changed.toFlags()).isEqualTo(Flags.of(Flag.SEEN));
        });
    }

    @Test
    void aCopyOfThousandsOfMessagesLeavesOneHintOfTheNewestCopy() {
        List<Events.Added> copies = new ArrayList<>();
        MessageId newest = null;
        for (long uid = 1; uid <= MESSAGES; uid++) {
            MessageId id = ids.next();
            // A copy shares its change's MODSEQ with the others of its chunk: the highest UID is the newest.
            copies.add(new Events.Added(Uid.of(uid), ModSeq.of(10 + uid / 100), Flags.EMPTY, id, 2_000 + uid));
            newest = id;
        }

        Optional<MailboxEvent> hint = Events.addedHint(archive, copies);

        MessageId expected = newest;
        assertThat(hint).get().isInstanceOfSatisfying(MessageAdded.class, added -> {
            assertThat(added.toMailboxId()).isEqualTo(archive.id());
            assertThat(added.mailboxPath()).isEqualTo("Archive");
            assertThat(added.uid()).isEqualTo(MESSAGES);
            assertThat(added.modSeq()).isEqualTo(10 + MESSAGES / 100);
            assertThat(added.messageId()).isEqualTo(expected.toString());
            assertThat(added.size()).isEqualTo(2_000 + MESSAGES);
        });
    }

    @Test
    void aCommandThatChangedNothingLeavesNoHint() {
        assertThat(Events.flagsHint(archive, new StoreResult(List.of(), List.of(Uid.of(3))))).isEmpty();
        assertThat(Events.addedHint(archive, List.of())).isEmpty();
    }
}
