package io.mailfleet.auth;

import com.sun.jna.Memory;

/** Bytes copied into native memory for the C libraries that hash passwords. */
final class NativeCopies {

    private NativeCopies() {
    }

    static Memory copy(byte[] bytes) {
        Memory memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    /** Null for no bytes: JNA has no memory of size 0, and the libraries take a null pointer of length 0. */
    static Memory copyOrNull(byte[] bytes) {
        return bytes.length == 0 ? null : copy(bytes);
    }
}
