package io.mailfleet.auth;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;
import de.mkammerer.argon2.jna.Size_t;

/**
 * The reference C implementation (libargon2, bundled with argon2-jvm): 20-28 ms of CPU per hash of
 * the default parameters where Bouncy Castle's Java takes 56-75 ms, and no garbage on the heap.
 *
 * <p>Its memory comes from {@link Argon2MemoryBlocks} through the allocation callbacks of the
 * library's context API, not from malloc. With malloc, glibc raises its mmap threshold above 19 MiB
 * the first time it frees such a block, and from then on serves them from per-thread arenas that
 * keep them resident: 8 threads hashing two at a time held 155 MB more than one hash did. Here the
 * blocks stay at one per hash running at once (one per core under {@link LimitedPasswordHasher}).
 * Fixing the threshold with mallopt instead (each block mapped and unmapped) bounded the memory
 * too, but the page faults of 19 MiB of fresh pages per hash cost 35-37 ms of CPU per hash against
 * 29-31 with the blocks reused (the same 8 threads, on a loaded 2-core machine).
 */
final class NativeArgon2id implements Argon2idDerivation {

    private static final int VERSION_19 = 0x13;
    /** Defined as 0 by argon2.h: keep the password and secret, which the caller owns. */
    private static final int DEFAULT_FLAGS = 0;
    /** argon2.h's code for an allocation that failed. */
    private static final int ARGON2_MEMORY_ALLOCATION_ERROR = -22;

    /** {@code int (*allocate_fptr)(uint8_t **memory, size_t bytes_to_allocate)}: 0 for success. */
    public interface Allocate extends Callback {
        int invoke(Pointer memory, Size_t bytes);
    }

    /** {@code void (*deallocate_fptr)(uint8_t *memory, size_t bytes_to_allocate)}. */
    public interface Deallocate extends Callback {
        void invoke(Pointer memory, Size_t bytes);
    }

    private final Argon2Library library;
    private final Argon2MemoryBlocks blocks = new Argon2MemoryBlocks();
    // Fields, so that the callbacks stay reachable as long as the library may call them.
    private final Allocate allocate = (memory, bytes) -> {
        try {
            memory.setPointer(0, blocks.take(bytes.longValue()));
            return 0;
        } catch (RuntimeException | OutOfMemoryError e) {
            // Thrown out of a callback, JNA would answer 0 and the library would write through no block.
            return ARGON2_MEMORY_ALLOCATION_ERROR;
        }
    };
    private final Deallocate deallocate = (memory, bytes) -> blocks.giveBack(memory);

    /** Throws a LinkageError when the bundled library cannot be loaded on this OS or architecture. */
    NativeArgon2id() {
        this.library = Argon2Library.INSTANCE;
    }

    @Override
    public byte[] derive(Argon2Parameters p, byte[] password, byte[] salt) {
        try (Memory out = new Memory(p.hashLength()); Memory saltBytes = NativeCopies.copy(salt);
             Memory passwordBytes = NativeCopies.copyOrNull(password)) {
            Argon2_context.ByReference context = new Argon2_context.ByReference();
            context.out = out;
            context.outlen = new JnaUint32(p.hashLength());
            // An empty password is a null pointer of length 0: JNA has no memory of size 0.
            context.pwd = passwordBytes;
            context.pwdlen = new JnaUint32(password.length);
            context.salt = saltBytes;
            context.saltlen = new JnaUint32(salt.length);
            context.secretlen = new JnaUint32(0);
            context.adlen = new JnaUint32(0);
            context.t_cost = new JnaUint32(p.iterations());
            context.m_cost = new JnaUint32(p.memoryKib());
            context.lanes = new JnaUint32(p.parallelism());
            context.threads = new JnaUint32(p.parallelism());
            context.version = new Argon2_version(VERSION_19);
            context.allocate_cbk = CallbackReference.getFunctionPointer(allocate);
            context.free_cbk = CallbackReference.getFunctionPointer(deallocate);
            context.flags = new JnaUint32(DEFAULT_FLAGS);
            int result = library.argon2id_ctx(context);
            if (passwordBytes != null) {
                // Freed memory is not wiped: the password's copy must not outlive the check.
                passwordBytes.clear();
            }
            if (result != Argon2Library.ARGON2_OK) {
                throw new IllegalStateException("libargon2 failed: " + library.argon2_error_message(result));
            }
            return out.getByteArray(0, p.hashLength());
        }
    }

    /** Native memory blocks made so far, in use or kept for the next hash. */
    int blocks() {
        return blocks.count();
    }
}
