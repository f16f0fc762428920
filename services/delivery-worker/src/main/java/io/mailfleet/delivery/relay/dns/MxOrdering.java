package io.mailfleet.delivery.relay.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * RFC 5321 §5.1: mail exchangers are tried lowest preference first, and those of equal preference
 * in random order, "to spread the load across multiple mail exchangers for a specific organization".
 */
final class MxOrdering {

    private MxOrdering() {
    }

    static <T> List<T> byPreference(List<T> exchangers, ToIntFunction<T> preference, Random random) {
        List<T> sorted = new ArrayList<>(exchangers);
        sorted.sort(Comparator.comparingInt(preference));
        List<T> ordered = new ArrayList<>(sorted.size());
        int from = 0;
        while (from < sorted.size()) {
            int to = from + 1;
            while (to < sorted.size() && preference.applyAsInt(sorted.get(to)) == preference.applyAsInt(sorted.get(from))) {
                to++;
            }
            List<T> equal = new ArrayList<>(sorted.subList(from, to));
            Collections.shuffle(equal, random);
            ordered.addAll(equal);
            from = to;
        }
        return ordered;
    }
}
