package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.UidList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UidBlocksTest {

    @Test
    void setBitsReadBackAsTheirUidsInOrder() {
        long block = 3;
        long base = block * UidBlocks.BLOCK_UIDS;
        byte[] bits = UidBlocks.withBits(new byte[0], List.of(base + 9, base, base + 4095, base + 8), true);

        assertThat(bits).hasSize(UidBlocks.BLOCK_UIDS / 8);
        assertThat(uids(block, bits, Long.MAX_VALUE)).containsExactly(base, base + 8, base + 9, base + 4095);
    }

    @Test
    void clearingTheHighestBitsTrimsTheBlockAndClearingAllEmptiesIt() {
        byte[] bits = UidBlocks.withBits(new byte[0], List.of(1L, 2L, 100L), true);
        assertThat(bits).hasSize(13);

        byte[] trimmed = UidBlocks.withBits(bits, List.of(100L), false);
        assertThat(trimmed).hasSize(1);
        assertThat(uids(0, trimmed, Long.MAX_VALUE)).containsExactly(1L, 2L);

        assertThat(UidBlocks.withBits(trimmed, List.of(1L, 2L), false)).isEmpty();
    }

    @Test
    void clearingBitsBeyondTheBlockLengthChangesNothing() {
        byte[] bits = UidBlocks.withBits(new byte[0], List.of(5L), true);

        assertThat(UidBlocks.withBits(bits, List.of(4000L), false)).containsExactly(bits);
    }

    @Test
    void uidsFromNextUidOnAreLeftOut() {
        byte[] bits = UidBlocks.withBits(new byte[0], List.of(4096L + 1, 4096L + 2, 4096L + 3), true);

        assertThat(uids(1, bits, 4096 + 3)).containsExactly(4097L, 4098L);
    }

    /** Rows: the bounds and room given, and the UIDs of block 1 (UIDs 4097, 4100, 4200, 8191) collected. */
    @Test
    void collectTakesTheUidsWithinTheBoundsWhileThereIsRoom() {
        byte[] bits = UidBlocks.withBits(new byte[0], List.of(4097L, 4100L, 4200L, 8191L), true);
        Object[][] cases = {
                {0L, Long.MAX_VALUE, 10, new long[] {4097, 4100, 4200, 8191}},
                {4098L, Long.MAX_VALUE, 10, new long[] {4100, 4200, 8191}},
                {4100L, 4200L, 10, new long[] {4100, 4200}},
                {0L, 4199L, 10, new long[] {4097, 4100}},
                {0L, Long.MAX_VALUE, 2, new long[] {4097, 4100}},
                {4201L, 8190L, 10, new long[] {}},
        };
        for (Object[] row : cases) {
            long[] found = new long[(int) row[2]];
            int count = UidBlocks.collect(1, bits, (long) row[0], (long) row[1], found, 0);
            assertThat(Arrays.copyOf(found, count)).as("from %s to %s, room %s", row[0], row[1], row[2])
                    .containsExactly((long[]) row[3]);
        }
    }

    @Test
    void collectFillsOnlyTheRoomLeftAfterEarlierBlocks() {
        long[] found = {7, 0, 0};
        int count = UidBlocks.collect(0, UidBlocks.withBits(new byte[0], List.of(10L, 11L, 12L), true), 0, 100, found, 1);

        assertThat(count).isEqualTo(3);
        assertThat(found).containsExactly(7, 10, 11);
    }

    @Test
    void theBlocksOfAUidListAreTheBlocksItsUidsSetOneByOne() {
        UidList list = new UidList.Builder().add(Uid.of(1)).add(Uid.of(4095)).add(Uid.of(4096 * 5 + 7)).build();

        var blocks = UidBlocks.blocksOf(list);

        assertThat(blocks).containsOnlyKeys(0L, 5L);
        assertThat(blocks.get(0L)).containsExactly(UidBlocks.withBits(new byte[0], List.of(1L, 4095L), true));
        assertThat(uids(5, blocks.get(5L), Long.MAX_VALUE)).containsExactly(4096L * 5 + 7);
    }

    private static List<Long> uids(long block, byte[] bits, long nextUid) {
        UidList.Builder builder = new UidList.Builder();
        UidBlocks.addUids(block, bits, nextUid, builder);
        UidList list = builder.build();
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            uids.add(list.get(i).value());
        }
        return uids;
    }
}
