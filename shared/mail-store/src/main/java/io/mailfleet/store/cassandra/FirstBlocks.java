package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.UidList;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What an IMAP4rev1 SELECT reads of a mailbox, in one request: the state (and the marks of moves out of it), the
 * first {@value #BLOCKS} blocks of its UID map and the first {@value #BLOCKS} of its flag blocks, where its first
 * unseen message almost always is. One single-partition read, which a replica answers from one view of the
 * partition: the UIDs and the first unseen message are those of the state read with them. A mailbox past the
 * blocks read has the rest of its map and its later flag blocks' unseen counts read after it.
 */
final class FirstBlocks {

    /** Blocks of each kind read: a map of up to 32,768 UIDs, and as many flag blocks as a first-unseen look reads whole. */
    static final int BLOCKS = 8;

    /**
     * @param uids        the UIDs of the map's blocks read, below the state's next UID
     * @param firstUnseen the first message without {@code \Seen} in the flag blocks read
     */
    record Read(MailboxState state, MoveMarks moves, UidList.Builder uids, Optional<Uid> firstUnseen) {

        /** Whether the map's blocks read hold every UID of the mailbox. */
        boolean wholeMap() {
            return state.nextUid() - 1 < (long) BLOCKS << UidBlocks.SHIFT;
        }

        /** Whether the flag blocks read hold every message of the mailbox. */
        boolean allFlagBlocks() {
            return state.nextUid() - 1 < (long) BLOCKS << FlagBlock.SHIFT;
        }
    }

    private final CqlSession session;
    private final PreparedStatement select;

    FirstBlocks(CqlSession session) {
        this.session = session;
        this.select = session.prepare("SELECT kind, seq, uid_bits, flag_entries, flag_unseen, " + MailboxState.COLUMNS + ", "
                + MoveMarks.COLUMNS + " FROM mailbox_data WHERE mailbox_id = ? AND kind IN (4, 5) AND seq < " + BLOCKS);
    }

    /**
     * The read, or null when it found no row (a mailbox without a message has no block) or the state says the mailbox
     * keeps no UID map or no flag blocks: those are opened as before.
     */
    Read read(MailboxId mailbox) {
        return Cql.call("read UID map and flag blocks", () -> {
            // A page larger than the rows there can be: a full page would make the driver ask for another.
            Read read = null;
            for (Row row : session.execute(select.bind(mailbox.value()).setPageSize(2 * BLOCKS + 1))) {
                if (read == null) {
                    MailboxState state = MailboxState.of(row);
                    if (state == null || !state.uidBlocks() || !state.flagBlocks()) {
                        return null;
                    }
                    read = new Read(state, MoveMarks.of(row), new UidList.Builder(), Optional.empty());
                }
                long block = row.getLong("seq");
                if (row.getByte("kind") == DeliveryReads.UID_BLOCK) {
                    ByteBuffer bits = row.getByteBuffer("uid_bits");
                    if (bits != null) {
                        byte[] octets = new byte[bits.remaining()];
                        bits.duplicate().get(octets);
                        UidBlocks.addUids(block, octets, read.state().nextUid(), read.uids());
                    }
                } else if (read.firstUnseen().isEmpty() && (row.isNull("flag_unseen") || row.getInt("flag_unseen") > 0)
                        && !row.isNull("flag_entries")) {
                    long nextUid = read.state().nextUid();
                    Optional<Uid> first = FlagBlock.decode(block, row.getByteBuffer("flag_entries")).firstUnseen()
                            .filter(uid -> uid.value() < nextUid);
                    if (first.isPresent()) {
                        read = new Read(read.state(), read.moves(), read.uids(), first);
                    }
                }
            }
            return read;
        });
    }
}
