package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.store.mailbox.MessageFlags;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Flag blocks read with the mailbox state a change is guarded by, and which blocks were asked for: a block asked
 * for and missing has no live message, one never asked for is unknown. As every live message of a block is in
 * its entries, the blocks read name an expunge's messages and the survivors around them without reading rows.
 *
 * @param blocks the blocks found, by number
 * @param asked  the numbers of the blocks asked for
 */
record KnownFlagBlocks(Map<Long, FlagBlock> blocks, Set<Long> asked) {

    /** Whether every block from the one of {@code first} to the one of {@code last} was asked for. */
    boolean holdsSpan(long first, long last) {
        return LongStream.rangeClosed(FlagBlock.blockOf(first), FlagBlock.blockOf(last)).allMatch(asked::contains);
    }

    /** Whether message {@code uid} is live, and marked {@code \Deleted} when {@code onlyDeleted}; its block was asked for. */
    boolean isLive(long uid, boolean onlyDeleted) {
        FlagBlock block = blocks.get(FlagBlock.blockOf(uid));
        MessageFlags entry = block == null ? null : block.get(uid);
        return entry != null && (!onlyDeleted || entry.flags().contains(Flag.DELETED));
    }

    /** The live UIDs from {@code first} to {@code last}, ascending; every block between was asked for ({@link #holdsSpan}). */
    long[] liveBetween(long first, long last) {
        LongStream.Builder live = LongStream.builder();
        for (long number = FlagBlock.blockOf(first); number <= FlagBlock.blockOf(last); number++) {
            FlagBlock block = blocks.get(number);
            if (block != null) {
                for (MessageFlags entry : block.entries()) {
                    long uid = entry.uid().value();
                    if (uid >= first && uid <= last) {
                        live.add(uid);
                    }
                }
            }
        }
        return live.build().toArray();
    }

    /** The live UID just below {@code uid}, or 0 when there is none; empty when a block it may be in was not asked for. */
    OptionalLong liveBelow(long uid) {
        for (long number = FlagBlock.blockOf(uid); number >= 0; number--) {
            if (!asked.contains(number)) {
                return OptionalLong.empty();
            }
            long below = -1;
            FlagBlock block = blocks.get(number);
            if (block != null) {
                for (MessageFlags entry : block.entries()) {
                    if (entry.uid().value() < uid) {
                        below = entry.uid().value();
                    }
                }
            }
            if (below >= 0) {
                return OptionalLong.of(below);
            }
        }
        return OptionalLong.of(0);
    }

    /**
     * The live UID just above {@code uid}, or {@code nextUid} when there is none (no message has a UID from
     * {@code nextUid} on); empty when a block it may be in was not asked for.
     */
    OptionalLong liveAbove(long uid, long nextUid) {
        for (long number = FlagBlock.blockOf(uid); number <= FlagBlock.blockOf(nextUid - 1); number++) {
            if (!asked.contains(number)) {
                return OptionalLong.empty();
            }
            FlagBlock block = blocks.get(number);
            if (block != null) {
                for (MessageFlags entry : block.entries()) {
                    if (entry.uid().value() > uid) {
                        return OptionalLong.of(entry.uid().value());
                    }
                }
            }
        }
        return OptionalLong.of(nextUid);
    }
}
