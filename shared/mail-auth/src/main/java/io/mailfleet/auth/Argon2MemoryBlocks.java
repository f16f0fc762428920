package io.mailfleet.auth;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The native memory of Argon2 hashes, kept between hashes instead of freed: a hash takes a block
 * and gives it back when done. There are never more blocks than hashes that ran at once, each as
 * large as the largest hash asked of it (the parameters bound it to 256 MiB; 19 MiB by default).
 * Thread-safe. libargon2 wipes a block before giving it back, so no hash reads another's memory.
 */
final class Argon2MemoryBlocks {

    private final List<Memory> idle = new ArrayList<>();
    private final Map<Long, Memory> inUse = new HashMap<>();

    /** A block of at least {@code bytes}: the largest idle one, replaced by a new one when too small. */
    synchronized Pointer take(long bytes) {
        Memory block = idle.isEmpty() ? null : idle.remove(largestIdle());
        if (block != null && block.size() < bytes) {
            block.close();
            block = null;
        }
        if (block == null) {
            block = new Memory(bytes);
        }
        inUse.put(Pointer.nativeValue(block), block);
        return block;
    }

    synchronized void giveBack(Pointer memory) {
        Memory block = inUse.remove(Pointer.nativeValue(memory));
        if (block == null) {
            throw new IllegalStateException("not a block of ours: " + memory);
        }
        idle.add(block);
    }

    synchronized int count() {
        return idle.size() + inUse.size();
    }

    private int largestIdle() {
        int largest = 0;
        for (int i = 1; i < idle.size(); i++) {
            if (idle.get(i).size() > idle.get(largest).size()) {
                largest = i;
            }
        }
        return largest;
    }
}
