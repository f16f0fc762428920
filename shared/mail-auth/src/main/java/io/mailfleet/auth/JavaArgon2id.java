package io.mailfleet.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;

import static org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13;
import static org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id;

/**
 * Bouncy Castle's generator, for where libargon2 cannot be loaded: 56-75 ms of CPU per hash of the
 * default parameters where the C implementation takes 20-28, and its 19 MiB are garbage on the heap.
 * (password4j 1.8.4 was worse still: two 1 KiB temporaries for every block filled.)
 */
final class JavaArgon2id implements Argon2idDerivation {

    @Override
    public byte[] derive(Argon2Parameters p, byte[] password, byte[] salt) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Builder(ARGON2_id)
                .withVersion(ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build());
        byte[] hash = new byte[p.hashLength()];
        generator.generateBytes(password, hash);
        return hash;
    }
}
