package io.mailfleet.imap.gateway.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The octets of a run of consecutive writes the core asked for, handed to the connection as one write. Each
 * write to the socket outside a read is flushed at once, a send to the client of its own: a SELECT's untagged
 * lines, a command's untagged batch and its tagged response each cost a send (and the client a wake-up) when
 * written one by one. A run is cut at {@link #LIMIT} octets, so that joining never copies a large response whole.
 */
final class UnsentOctets {

    /** The most octets joined into one write; beyond it the run is sent and a new one begins. */
    static final int LIMIT = 64 * 1024;

    private final List<byte[]> parts = new ArrayList<>();
    private int length;

    void add(byte[] octets) {
        parts.add(octets);
        length += octets.length;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    boolean full() {
        return length >= LIMIT;
    }

    /** The octets added since the last take, in order, as one array (the one added when there is one); then empty. */
    byte[] take() {
        byte[] joined;
        if (parts.size() == 1) {
            joined = parts.get(0);
        } else {
            joined = new byte[length];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, joined, at, part.length);
                at += part.length;
            }
        }
        parts.clear();
        length = 0;
        return joined;
    }
}
