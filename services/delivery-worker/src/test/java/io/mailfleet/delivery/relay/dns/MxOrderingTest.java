package io.mailfleet.delivery.relay.dns;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MxOrderingTest {

    private record Mx(String host, int preference) {
    }

    @Test
    void lowestPreferenceComesFirst() {
        List<Mx> records = List.of(new Mx("c", 30), new Mx("a", 10), new Mx("b", 20));

        assertThat(MxOrdering.byPreference(records, Mx::preference, new Random(1))).map(Mx::host)
                .containsExactly("a", "b", "c");
    }

    @Test
    void equalPreferencesAreShuffledAndStayTogether() {
        List<Mx> records = List.of(new Mx("backup", 20), new Mx("a", 10), new Mx("b", 10), new Mx("c", 10),
                new Mx("last", 30));
        Random random = new Random(42);
        Set<List<String>> firstThree = new HashSet<>();

        for (int i = 0; i < 60; i++) {
            List<String> order = MxOrdering.byPreference(records, Mx::preference, random).stream().map(Mx::host).toList();
            assertThat(order.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(order.subList(3, 5)).containsExactly("backup", "last");
            firstThree.add(order.subList(0, 3));
        }

        assertThat(firstThree).as("all six orders of three equal exchangers turn up").hasSize(6);
    }

    @Test
    void theSameRandomGivesTheSameOrder() {
        List<Mx> records = List.of(new Mx("a", 10), new Mx("b", 10), new Mx("c", 10), new Mx("d", 10));

        assertThat(MxOrdering.byPreference(records, Mx::preference, new Random(7)))
                .isEqualTo(MxOrdering.byPreference(records, Mx::preference, new Random(7)));
    }
}
