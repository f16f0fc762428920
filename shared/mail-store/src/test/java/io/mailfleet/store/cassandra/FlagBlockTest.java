package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageFlags;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagBlockTest {

    @Test
    void entriesComeBackInUidOrderWithTheirModSeqsSystemFlagsAndKeywords() {
        long base = 7L * FlagBlock.BLOCK_UIDS;
        String longest = "k".repeat(Flag.MAX_KEYWORD_LENGTH);
        List<MessageFlags> entries = List.of(
                entry(base, Long.MAX_VALUE, Flags.EMPTY),
                entry(base + 1, 1, Flags.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DELETED, Flag.DRAFT)),
                entry(base + 2, 2, Flags.of(Flag.parse("$Junk"), Flag.SEEN, Flag.parse(longest))),
                entry(base + 255, 3, Flags.of(Flag.parse("NonJunk"))));
        FlagBlock block = new FlagBlock(7);
        for (int i = entries.size() - 1; i >= 0; i--) {
            MessageFlags entry = entries.get(i);
            block.put(entry.uid().value(), entry.modSeq().value(), entry.flags());
        }

        ByteBuffer octets = block.encode();

        assertThat(octets.remaining()).isEqualTo(4 * 10 + (2 + 6 + 256) + (2 + 8));
        assertThat(read(FlagBlock.decode(7, octets))).isEqualTo(entries);
        assertThat(FlagBlock.decode(7, octets).get(base + 2).flags().asStrings()).contains("$Junk");
    }

    @Test
    void aMessageWithoutKeywordsTakesTenOctets() {
        FlagBlock block = new FlagBlock(0);
        LongStream.range(1, FlagBlock.BLOCK_UIDS).forEach(uid -> block.put(uid, uid * 3, Flags.of(Flag.SEEN)));
        assertThat(block.encode().remaining()).isEqualTo(10 * (FlagBlock.BLOCK_UIDS - 1));
    }

    @Test
    void removingEveryEntryEmptiesTheBlock() {
        FlagBlock block = new FlagBlock(1);
        block.put(256, 5, Flags.EMPTY);
        block.put(300, 6, Flags.EMPTY);
        block.remove(256);
        assertThat(block.isEmpty()).isFalse();
        block.remove(300);
        assertThat(block.isEmpty()).isTrue();
        assertThat(block.encode().remaining()).isZero();
    }

    @Test
    void aUidOutsideTheBlockIsRefused() {
        assertThatThrownBy(() -> new FlagBlock(1).put(255, 1, Flags.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlagBlock(1).put(512, 1, Flags.EMPTY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storeChunksEndAtBlockEndsSoThatNoTwoShareABlock() {
        List<Long> uids = LongStream.rangeClosed(1, 2000).boxed().toList();
        List<List<Long>> chunks = FlagChanges.blockChunks(uids, 1000);
        assertThat(chunks).extracting(List::size).containsExactly(1023, 977);
        assertThat(chunks.get(0).get(chunks.get(0).size() - 1)).isEqualTo(1023L);

        List<Long> sparse = LongStream.rangeClosed(0, 40).map(i -> i * 100).boxed().toList();
        List<List<Long>> cut = FlagChanges.blockChunks(sparse, 3);
        assertThat(cut.stream().flatMap(List::stream).toList()).isEqualTo(sparse);
        for (int i = 1; i < cut.size(); i++) {
            List<Long> before = cut.get(i - 1);
            assertThat(FlagBlock.blockOf(before.get(before.size() - 1))).isLessThan(FlagBlock.blockOf(cut.get(i).get(0)));
            assertThat(before.size()).isGreaterThanOrEqualTo(3);
        }
        assertThat(FlagChanges.blockChunks(List.of(), 1000)).isEmpty();
    }

    private static MessageFlags entry(long uid, long modSeq, Flags flags) {
        return new MessageFlags(Uid.of(uid), ModSeq.of(modSeq), flags);
    }

    private static List<MessageFlags> read(FlagBlock block) {
        List<MessageFlags> entries = new ArrayList<>();
        block.entries().forEach(entries::add);
        return entries;
    }
}
