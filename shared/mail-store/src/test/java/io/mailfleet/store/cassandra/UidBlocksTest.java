package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.UidList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
