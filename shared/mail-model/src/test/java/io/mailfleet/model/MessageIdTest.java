package io.mailfleet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageIdTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0                | 0      | 0                    | 00000000000000000000000000
            0                | 0      | 1                    | 00000000000000000000000001
            1                | 0      | 0                    | 00000000010000000000000000
            0                | 65535  | -1                   | 0000000000ZZZZZZZZZZZZZZZZ
            281474976710655  | 65535  | -1                   | 7ZZZZZZZZZZZZZZZZZZZZZZZZZ
            # The ULID specification's example time part, 2016-07-30T23:54:10.259Z.
            1469922850259    | 0      | 0                    | 01ARZ3NDEK0000000000000000
            """)
    void encodesKnownValues(long millis, long random16, long random64, String text) {
        MessageId id = MessageId.of(millis, random16, random64);

        assertThat(id.toString()).isEqualTo(text);
        assertThat(MessageId.parse(text)).isEqualTo(id);
        assertThat(id.epochMillis()).isEqualTo(millis);
    }

    @Test
    void exposesTimestamp() {
        MessageId id = MessageId.of(1_700_000_000_123L, 7, 9);

        assertThat(id.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    }

    @Test
    void acceptsLowerCaseAndWritesUpperCase() {
        MessageId id = MessageId.parse("01arz3ndektsv4rrffq69g5fav");

        assertThat(id.toString()).isEqualTo("01ARZ3NDEKTSV4RRFFQ69G5FAV");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                            | must be 26 characters, got 0
            01ARZ3NDEKTSV4RRFFQ69G5FA     | must be 26 characters, got 25
            01ARZ3NDEKTSV4RRFFQ69G5FAVX   | must be 26 characters, got 27
            01ARZ3NDEKTSV4RRFFQ69G5FAI    | U+0049
            01ARZ3NDEKTSV4RRFFQ69G5FAL    | U+004C
            01ARZ3NDEKTSV4RRFFQ69G5FAO    | U+004F
            01ARZ3NDEKTSV4RRFFQ69G5FAU    | U+0055
            01ARZ3NDEKTSV4RRFFQ69G5FA-    | U+002D
            01ARZ3NDEKTSV4RRFFQ69G5FAé    | U+00E9
            80000000000000000000000000    | exceeds 128 bits
            """)
    void rejectsMalformedText(String text, String reason) {
        assertThatThrownBy(() -> MessageId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({"-1", "281474976710656"})
    void rejectsTimestampBeyond48Bits(long millis) {
        assertThatThrownBy(() -> MessageId.of(millis, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit 48 bits");
    }

    @Test
    void stringOrderIsNumericOrder() {
        SplittableRandom random = new SplittableRandom(7);
        List<MessageId> ids = new ArrayList<>();
        // Timestamps on both sides of 2^47 and random parts with the sign bit set exercise unsigned order.
        for (long millis : new long[] {0, 1, 1_700_000_000_000L, (1L << 47) - 1, 1L << 47, MessageId.MAX_TIMESTAMP}) {
            for (int i = 0; i < 20; i++) {
                ids.add(MessageId.of(millis, random.nextLong(), random.nextLong()));
            }
        }

        List<MessageId> byValue = ids.stream().sorted().toList();
        List<MessageId> byText = ids.stream().sorted(Comparator.comparing(MessageId::toString)).toList();

        assertThat(byText).isEqualTo(byValue);
        assertThat(byValue.get(0).epochMillis()).isZero();
        assertThat(byValue.get(byValue.size() - 1).epochMillis()).isEqualTo(MessageId.MAX_TIMESTAMP);
    }

    @Test
    void roundTripsRandomIds() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            MessageId id = MessageId.of(random.nextLong(MessageId.MAX_TIMESTAMP + 1), random.nextLong(), random.nextLong());
            assertThat(MessageId.parse(id.toString())).isEqualTo(id).hasSameHashCodeAs(id);
        }
    }

    @Test
    void incrementCarriesIntoTheTimestamp() {
        MessageId last = MessageId.of(5, 0xFFFF, -1L);

        assertThat(last.increment()).isEqualTo(MessageId.of(6, 0, 0));
        assertThat(MessageId.of(5, 0, 41).increment()).isEqualTo(MessageId.of(5, 0, 42));
        assertThat(MessageId.of(5, 0, -1L).increment()).isEqualTo(MessageId.of(5, 1, 0));
        assertThatThrownBy(() -> MessageId.parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").increment())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void derivedIdsAreStablePerPurposeAndKeepTheTime() {
        MessageId parent = new MessageIdGenerator().next();

        MessageId bounce = parent.derive("bounce/a@example.test");

        assertThat(parent.derive("bounce/a@example.test")).isEqualTo(bounce);
        assertThat(parent.derive("bounce/b@example.test")).isNotEqualTo(bounce);
        assertThat(bounce).isNotEqualTo(parent);
        assertThat(bounce.timestamp()).isEqualTo(parent.timestamp());
        assertThat(MessageId.parse(bounce.toString())).isEqualTo(bounce);
    }
}
