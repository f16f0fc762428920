package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UidListTest {

    @Test
    void holdsUidsUpToTheLargestInFourBytesEach() {
        UidList.Builder builder = new UidList.Builder();
        for (long uid = 1; uid <= 100_000; uid += 2) {
            builder.add(Uid.of(uid));
        }
        builder.add(Uid.of(Uid.MAX_VALUE - 1)).add(Uid.MAX);
        UidList uids = builder.build();

        assertThat(uids.size()).isEqualTo(50_002);
        assertThat(uids.get(0)).isEqualTo(Uid.of(1));
        assertThat(uids.get(50_001)).isEqualTo(Uid.MAX);
        assertThat(uids.indexOf(Uid.of(99_999))).isEqualTo(49_999);
        assertThat(uids.indexOf(Uid.MAX)).isEqualTo(50_001);
        assertThat(uids.indexOf(Uid.of(Uid.MAX_VALUE - 1))).isEqualTo(50_000);
        assertThat(uids.indexOf(Uid.of(2))).isEqualTo(-2);
        assertThat(uids.bytesHeld()).isLessThan(4L * 50_002 + 64);
    }

    @Test
    void refusesUidsOutOfOrder() {
        UidList.Builder builder = new UidList.Builder().add(Uid.of(5)).add(Uid.of(5));
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
    }
}
