package io.mailfleet.imap.selected;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MessageMapTest {

    private static long[] uids(MessageMap map) {
        long[] uids = new long[map.size()];
        for (int msn = 1; msn <= map.size(); msn++) {
            uids[msn - 1] = map.uid(msn);
        }
        return uids;
    }

    @Test
    void mapsNumbersToUidsAndBack() {
        MessageMap map = MessageMap.of(4, 8, 15, 16, 23, 0xFFFF_FFFFL);
        assertThat(map.size()).isEqualTo(6);
        assertThat(map.uid(1)).isEqualTo(4);
        assertThat(map.uid(6)).isEqualTo(0xFFFF_FFFFL);
        assertThat(map.msn(15)).isEqualTo(3);
        assertThat(map.msn(0xFFFF_FFFFL)).isEqualTo(6);
        assertThat(map.msn(5)).isZero();
        assertThat(map.msn(24)).isZero();
        assertThat(map.lastUid()).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> map.uid(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.uid(7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void turnsUidRangesIntoNumberRanges() {
        MessageMap map = MessageMap.of(4, 8, 15, 16, 23, 42);
        // UID 5:16 is messages 2:4
        assertThat(map.firstMsnAtLeast(5)).isEqualTo(2);
        assertThat(map.lastMsnAtMost(16)).isEqualTo(4);
        // UID 43:* names no message: an empty range
        assertThat(map.firstMsnAtLeast(43)).isEqualTo(7);
        assertThat(map.lastMsnAtMost(3)).isZero();
        assertThat(map.lastMsnAtMost(0xFFFF_FFFFL)).isEqualTo(6);

    }

    @Test
    void refusesUidsThatDoNotGrow() {
        MessageMap map = MessageMap.of(4, 8);
        assertThatThrownBy(() -> map.appendAll(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageMap.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.appendAll(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removesManyUidsAndReportsTheirNumbers() {
        // RFC 3501 §6.4.3: messages 3, 4, 7 and 11 of 11 have \Deleted set
        MessageMap map = MessageMap.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(map.removeAll(new long[] {3, 4, 7, 11, 12})).containsExactly(3, 4, 7, 11);
        assertThat(map.size()).isEqualTo(7);
        assertThat(uids(map)).containsExactly(1, 2, 5, 6, 8, 9, 10);
        assertThat(map.removeAll(new long[] {100})).isEmpty();
    }

    @Test
    void holdsAMillionMessagesInAtMostEightOctetsEach() {
        int count = 1_000_000;
        long[] uids = new long[count];
        for (int i = 0; i < count; i++) {
            uids[i] = 3L * i + 1;
        }
        MessageMap map = MessageMap.of(uids);
        for (int i = 0; i < 1_000; i++) {
            map.appendAll(3L * (count + i) + 1);
        }
        assertThat((long) map.capacity() * Integer.BYTES).isLessThanOrEqualTo(8L * map.size());
        long[] everyOther = new long[count / 2];
        for (int i = 0; i < everyOther.length; i++) {
            everyOther[i] = uids[2 * i];
        }
        int[] removed = map.removeAll(everyOther);
        assertThat(removed).hasSize(count / 2);
        assertThat(removed[1]).isEqualTo(3);
        assertThat(map.size()).isEqualTo(count / 2 + 1_000);
        assertThat(map.uid(1)).isEqualTo(uids[1]);
        assertThat(map.msn(uids[3])).isEqualTo(2);
    }

    @Test
    void agreesWithAListUnderRandomChanges() {
        Random random = new Random(9051);
        MessageMap map = MessageMap.of();
        List<Long> model = new ArrayList<>();
        long next = 1;
        for (int round = 0; round < 500; round++) {
            int adds = random.nextInt(20);
            long[] added = new long[adds];
            for (int i = 0; i < adds; i++) {
                next += 1 + random.nextInt(3);
                added[i] = next;
                model.add(next);
            }
            map.appendAll(added);
            long[] removing = model.stream().filter(uid -> random.nextInt(6) == 0).mapToLong(Long::longValue).toArray();
            int[] msns = map.removeAll(removing);
            for (int i = 0; i < removing.length; i++) {
                assertThat(model.indexOf(removing[i]) + 1).isEqualTo(msns[i] + 0);
                model.remove(removing[i]);
                for (int j = i + 1; j < msns.length; j++) {
                    msns[j]--;
                }
            }
            assertThat(map.size()).isEqualTo(model.size());
            for (int i = 0; i < model.size(); i++) {
                assertThat(map.uid(i + 1)).isEqualTo(model.get(i));
                assertThat(map.msn(model.get(i))).isEqualTo(i + 1);
            }
        }
    }
}
