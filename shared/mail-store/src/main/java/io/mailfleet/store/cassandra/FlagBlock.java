package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageFlags;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The UID, MODSEQ and flags of the live messages of one block of {@value #BLOCK_UIDS} UIDs, and
 * their octets in a {@code flag_entries} cell (kind 5 of {@code mailbox_data}, migration 012).
 * An entry, in UID order: the UID's place in the block (1 octet), the MODSEQ (8), the system flags
 * as bits in the order of {@link Flag#SYSTEM_FLAGS} with the top bit set when keywords follow (1),
 * then, only then, the number of keywords (2) and each keyword as its length (1) and its ASCII
 * octets. A message with no keyword takes 10 octets.
 */
final class FlagBlock {

    static final int BLOCK_UIDS = 256;
    static final int SHIFT = 8;
    private static final int HAS_KEYWORDS = 0x80;
    /** The flags of each combination of system flags, shared, so decoding a block allocates no flag set per message. */
    private static final Flags[] SYSTEM_ONLY = new Flags[1 << Flag.SYSTEM_FLAGS.size()];

    static {
        for (int bits = 0; bits < SYSTEM_ONLY.length; bits++) {
            List<Flag> flags = new ArrayList<>();
            for (int i = 0; i < Flag.SYSTEM_FLAGS.size(); i++) {
                if ((bits & (1 << i)) != 0) {
                    flags.add(Flag.SYSTEM_FLAGS.get(i));
                }
            }
            SYSTEM_ONLY[bits] = Flags.of(flags);
        }
    }

    private final long block;
    private final TreeMap<Long, MessageFlags> entries = new TreeMap<>();

    FlagBlock(long block) {
        this.block = block;
    }

    static long blockOf(long uid) {
        return uid >>> SHIFT;
    }

    long block() {
        return block;
    }

    /** Decodes a cell written by {@link #encode}. */
    static FlagBlock decode(long block, ByteBuffer octets) {
        FlagBlock decoded = new FlagBlock(block);
        ByteBuffer in = octets.duplicate();
        long base = block << SHIFT;
        while (in.hasRemaining()) {
            long uid = base + (in.get() & 0xff);
            long modSeq = in.getLong();
            decoded.entries.put(uid, new MessageFlags(Uid.of(uid), ModSeq.of(modSeq), flags(in)));
        }
        return decoded;
    }

    private static Flags flags(ByteBuffer in) {
        int bits = in.get() & 0xff;
        Flags system = SYSTEM_ONLY[bits & ~HAS_KEYWORDS];
        if ((bits & HAS_KEYWORDS) == 0) {
            return system;
        }
        int count = in.getShort() & 0xffff;
        List<Flag> keywords = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            byte[] name = new byte[in.get() & 0xff];
            in.get(name);
            keywords.add(Flag.parse(new String(name, StandardCharsets.US_ASCII)));
        }
        return system.with(Flags.of(keywords));
    }

    ByteBuffer encode() {
        int size = 0;
        for (MessageFlags entry : entries.values()) {
            size += 10;
            List<String> keywords = keywords(entry.flags());
            if (!keywords.isEmpty()) {
                size += 2;
                for (String keyword : keywords) {
                    size += 1 + keyword.length();
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (MessageFlags entry : entries.values()) {
            List<String> keywords = keywords(entry.flags());
            out.put((byte) (entry.uid().value() & (BLOCK_UIDS - 1)));
            out.putLong(entry.modSeq().value());
            out.put((byte) (systemBits(entry.flags()) | (keywords.isEmpty() ? 0 : HAS_KEYWORDS)));
            if (!keywords.isEmpty()) {
                out.putShort((short) keywords.size());
                for (String keyword : keywords) {
                    out.put((byte) keyword.length());
                    out.put(keyword.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return out.flip();
    }

    private static int systemBits(Flags flags) {
        int bits = 0;
        for (int i = 0; i < Flag.SYSTEM_FLAGS.size(); i++) {
            if (flags.contains(Flag.SYSTEM_FLAGS.get(i))) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    private static List<String> keywords(Flags flags) {
        List<String> keywords = new ArrayList<>(0);
        for (Flag flag : flags) {
            if (!Flag.SYSTEM_FLAGS.contains(flag)) {
                keywords.add(flag.name());
            }
        }
        return keywords;
    }

    /** Sets the entry of {@code uid}, which must lie in this block. */
    void put(long uid, long modSeq, Flags flags) {
        if (blockOf(uid) != block) {
            throw new IllegalArgumentException("UID " + uid + " is not in block " + block);
        }
        entries.put(uid, new MessageFlags(Uid.of(uid), ModSeq.of(modSeq), flags));
    }

    void remove(long uid) {
        entries.remove(uid);
    }

    MessageFlags get(long uid) {
        return entries.get(uid);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** How many of the block's messages lack {@code \\Seen}: kept with the block's row ({@code flag_unseen}). */
    int unseen() {
        int unseen = 0;
        for (MessageFlags entry : entries.values()) {
            if (!entry.flags().contains(Flag.SEEN)) {
                unseen++;
            }
        }
        return unseen;
    }

    /** The lowest UID of the block whose flags lack {@code \\Seen}. */
    Optional<Uid> firstUnseen() {
        for (MessageFlags entry : entries.values()) {
            if (!entry.flags().contains(Flag.SEEN)) {
                return Optional.of(entry.uid());
            }
        }
        return Optional.empty();
    }

    /** The entries, in UID order. */
    Iterable<MessageFlags> entries() {
        return entries.values();
    }

    /** The blocks of {@code uids} out of {@code blocks} (by number), an empty block for each one that has no row. */
    static Map<Long, FlagBlock> covering(Iterable<Long> uids, Map<Long, FlagBlock> blocks) {
        Map<Long, FlagBlock> covering = new TreeMap<>();
        for (long uid : uids) {
            covering.computeIfAbsent(blockOf(uid), number -> blocks.getOrDefault(number, new FlagBlock(number)));
        }
        return covering;
    }
}
