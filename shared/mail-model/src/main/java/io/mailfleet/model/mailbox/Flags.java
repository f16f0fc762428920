package io.mailfleet.model.mailbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The immutable flag set of a message. Membership is case-insensitive and the first spelling of a
 * keyword wins, so adding {@code $junk} to a set holding {@code $Junk} changes nothing. Iteration
 * and {@link #asStrings()} follow the case-folded order, which keeps stored and serialised forms stable.
 */
public final class Flags implements Iterable<Flag> {

    public static final Flags EMPTY = new Flags(new TreeMap<>());

    private final SortedMap<String, Flag> byKey;

    private Flags(SortedMap<String, Flag> byKey) {
        this.byKey = Collections.unmodifiableSortedMap(byKey);
    }

    public static Flags of(Flag... flags) {
        return of(Arrays.asList(flags));
    }

    public static Flags of(Collection<Flag> flags) {
        TreeMap<String, Flag> map = new TreeMap<>();
        for (Flag flag : flags) {
            map.putIfAbsent(Objects.requireNonNull(flag, "flag").key(), flag);
        }
        return new Flags(map);
    }

    /** Reads the form written by {@link #asStrings()}, or flags as a client sent them. */
    public static Flags parse(Collection<String> names) {
        List<Flag> flags = new ArrayList<>(names.size());
        for (String name : names) {
            flags.add(Flag.parse(name));
        }
        return of(flags);
    }

    public boolean contains(Flag flag) {
        return byKey.containsKey(flag.key());
    }

    public Flags with(Flag flag) {
        return with(of(flag));
    }

    public Flags with(Flags other) {
        TreeMap<String, Flag> map = new TreeMap<>(byKey);
        other.byKey.forEach(map::putIfAbsent);
        return map.size() == byKey.size() ? this : new Flags(map);
    }

    public Flags without(Flag flag) {
        return without(of(flag));
    }

    public Flags without(Flags other) {
        TreeMap<String, Flag> map = new TreeMap<>(byKey);
        map.keySet().removeAll(other.byKey.keySet());
        return map.size() == byKey.size() ? this : new Flags(map);
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public int size() {
        return byKey.size();
    }

    /** The stable serialised form: flag names in case-folded order. */
    public List<String> asStrings() {
        List<String> names = new ArrayList<>(byKey.size());
        for (Flag flag : byKey.values()) {
            names.add(flag.name());
        }
        return List.copyOf(names);
    }

    @Override
    public Iterator<Flag> iterator() {
        return byKey.values().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flags other && byKey.keySet().equals(other.byKey.keySet());
    }

    @Override
    public int hashCode() {
        return byKey.keySet().hashCode();
    }

    @Override
    public String toString() {
        return asStrings().toString();
    }
}
