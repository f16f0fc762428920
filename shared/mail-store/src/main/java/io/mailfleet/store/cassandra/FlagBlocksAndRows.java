package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.TupleType;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.store.mailbox.StoredMessage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Flag blocks read with the rows and UID map blocks of a few messages, by the keys of their rows, in one
 * single-partition read, which a replica answers from one view of the partition: all as they were at the state the
 * rows bring. An expunge reads so the blocks where it finds the {@code \Deleted} marks with the rows of the messages it
 * expects to be marked, which its change would otherwise read after them.
 */
final class FlagBlocksAndRows {

    /** Rows of {@code mailbox_data} by kind: messages. */
    private static final byte MESSAGE = 0;

    private FlagBlocksAndRows() {
    }

    /** What the read found: the blocks with their state, and the rows read with them (null when the blocks have no state). */
    record Read(FlagBlocks.Read blocks, Rows rows) {
    }

    /**
     * Message rows and UID map blocks read with a mailbox state, and which messages' rows were asked for (with their UID
     * map blocks): a row asked for and missing is of no live message.
     */
    record Rows(Map<Long, StoredMessage> messages, Map<Long, byte[]> uidMap, Set<Long> asked) {

        boolean hold(Collection<Long> uids) {
            return asked.containsAll(uids);
        }

        /** The rows of ascending {@code uids} that exist, in their order. */
        List<StoredMessage> messagesOf(List<Long> uids) {
            return uids.stream().map(messages::get).filter(Objects::nonNull).toList();
        }
    }

    /** The flag blocks of {@code uids} and the rows and UID map blocks of {@code messages}. */
    static Read read(MessageStatements statements, MailboxId mailbox, Collection<Long> uids, List<Long> messages) {
        TupleType rowKey = (TupleType) ((ListType) statements.selectBlocksAndRows.getVariableDefinitions().get(1).getType())
                .getElementType();
        List<TupleValue> keys = new ArrayList<>();
        TreeSet<Long> blockNumbers = new TreeSet<>();
        uids.forEach(uid -> blockNumbers.add(FlagBlock.blockOf(uid)));
        blockNumbers.forEach(block -> keys.add(rowKey.newValue(DeliveryReads.FLAG_BLOCK, block, 0L)));
        messages.forEach(uid -> keys.add(rowKey.newValue(MESSAGE, uid, 0L)));
        messages.stream().map(uid -> uid >>> UidBlocks.SHIFT).distinct()
                .forEach(block -> keys.add(rowKey.newValue(DeliveryReads.UID_BLOCK, block, 0L)));
        return Cql.call("read flag blocks", () -> {
            // A page larger than the rows there can be: a full page would make the driver ask for another.
            ResultSet rows = statements.session.execute(statements.selectBlocksAndRows.bind(mailbox.value(), keys)
                    .setPageSize(keys.size() + 1));
            MailboxState at = null;
            Map<Long, FlagBlock> blocks = new TreeMap<>();
            Map<Long, StoredMessage> found = new HashMap<>();
            Map<Long, byte[]> uidMap = new HashMap<>();
            for (Row row : rows) {
                if (at == null) {
                    at = MailboxState.of(row);
                }
                byte kind = row.getByte("kind");
                long seq = row.getLong("seq");
                if (kind == DeliveryReads.FLAG_BLOCK && !row.isNull("flag_entries")) {
                    blocks.put(seq, FlagBlock.decode(seq, row.getByteBuffer("flag_entries")));
                } else if (kind == MESSAGE) {
                    found.put(seq, MessageStatements.message(row));
                } else if (kind == DeliveryReads.UID_BLOCK && !row.isNull("uid_bits")) {
                    uidMap.put(seq, bytes(row.getByteBuffer("uid_bits")));
                }
            }
            // As a read of the blocks alone gives them: without a block, no state, which is then read on its own.
            MailboxState state = blocks.isEmpty() ? null : at;
            return new Read(new FlagBlocks.Read(blocks, state), state == null ? null : new Rows(found, uidMap, new HashSet<>(messages)));
        });
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
