package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(Argon2Parameters.TESTING);

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "pässwörd", "密码🔑", " spaces at both ends ", ""})
    void aHashVerifiesItsPassword(String password) {
        String hash = hasher.hash(password);

        assertThat(hasher.verify(password, hash)).isTrue();
    }

    @Test
    void aHashIsAnArgon2idPhcStringWithTheConfiguredParameters() {
        assertThat(hasher.hash("secret"))
                .matches("\\$argon2id\\$v=19\\$m=256,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Secret", "secret ", "secre", "", "secret\u0000", "sécret"})
    void anyOtherPasswordFails(String wrong) {
        String hash = hasher.hash("secret");

        assertThat(hasher.verify(wrong, hash)).isFalse();
    }

    @Test
    void passwordsAreNotNormalised() {
        String composed = "caf\u00e9";
        String decomposed = "cafe\u0301";

        assertThat(hasher.verify(decomposed, hasher.hash(composed))).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        Set<String> salts = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String hash = hasher.hash("same password");
            salts.add(hash.split("\\$")[4]);
            hashes.add(hash);
        }

        assertThat(salts).hasSize(200);
        assertThat(hashes).hasSize(200);
    }

    /** Made by the reference implementation (libargon2 1.3, argon2id_hash_encoded) for "pässwörd" as UTF-8. */
    @Test
    void verifiesAHashMadeByTheReferenceImplementation() {
        String reference = "$argon2id$v=19$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o";

        assertThat(hasher.verify("pässwörd", reference)).isTrue();
        assertThat(hasher.verify("passwörd", reference)).isFalse();
    }

    /** Made by the reference implementation's argon2 tool (20171227) with our parameters, as bench/pop3.sh makes Dovecot's. */
    @Test
    void verifiesAHashOfTheDefaultParametersMadeByTheReferenceImplementation() {
        String reference = "$argon2id$v=19$m=19456,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$h4FYUN3h2pDy7PayDPTf1hRLpJoHK++pi8PJAsRxpok";

        assertThat(hasher.verify("correct horse battery staple", reference)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler", reference)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Bcrypt.class, names = {"A", "B", "Y"})
    void verifiesBcryptHashesMadeByPassword4j(Bcrypt minor) {
        String hash = BcryptFunction.getInstance(minor, 4).hash("imported secret").getResult();

        assertThat(hash).startsWith("$2" + minor.minor() + "$04$");
        assertThat(hasher.verify("imported secret", hash)).isTrue();
        assertThat(hasher.verify("imported secreT", hash)).isFalse();
    }

    /** Made by libxcrypt (glibc crypt on Debian 12), the bcrypt of Linux systems we import from. */
    @ParameterizedTest
    @ValueSource(strings = {
            "$2a$05$rboBJN11teucSLUgYbRQgu79Y7DlEqpYJ4I8QbxGePUmBzan9XvSa",
            "$2y$05$ww/w4wbRiZbUi6HxKbDeKuHiXQpns4DbywrPsJKpyILfkAL7zSbsG",
            "$2b$05$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS"})
    void verifiesBcryptHashesOfNonAsciiPasswordsMadeByLibxcrypt(String hash) {
        assertThat(hasher.verify("pässwörd", hash)).isTrue();
        assertThat(hasher.verify("passwörd", hash)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "secret",
            "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
            "$1$saltsalt$6hJ6yC6X4bdV1eCLo2dXZ/",
            "$6$saltsalt$someSha512CryptValue",
            "$argon2id$",
            "$argon2i$v=19$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2d$v=19$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=16$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=2,p=1,keyid=a2V5$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$t=2,m=1024,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=999999999,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=999999,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=0,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=2,p=0$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=8,t=2,p=4$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=2,p=1$c2FsdA$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY",
            "$argon2id$v=19$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg==$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o",
            "$argon2id$v=19$m=1024,t=2,p=1$bWFpbGZsZWV0LXNhbHQxNg$LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o$",
            "$2x$05$rboBJN11teucSLUgYbRQgu12fN9j0t4pt7v.s.ia1LEmXyw6A9e6W",
            "$2$05$rboBJN11teucSLUgYbRQgu79Y7DlEqpYJ4I8QbxGePUmBzan9XvSa",
            "$2b$31$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS",
            "$2b$17$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS",
            "$2b$03$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS",
            "$2b$5$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS",
            "$2b$05$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRw",
            "$2b$05$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS$",
            "$2b$05$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LR!S",
            " $2b$05$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS"})
    // A cost bound that stopped working would make this hang; fail instead.
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anythingElseFailsWithoutAnException(String notAHash) {
        assertThat(hasher.verify("pässwörd", notAHash)).isFalse();
        assertThat(hasher.needsRehash(notAHash)).isTrue();
    }

    @Test
    void corruptedHashesNeverThrow() {
        String argon2 = hasher.hash("pässwörd");
        String bcrypt = "$2b$05$dShQGVaek6nhf8XeZUGKWuUbkNk1z.LP4.6YI/vtsDghKUdn8LRwS";
        String alphabet = "$,=0123456789abmptvxyzAZ+/.!é\u0000 ";
        Random random = new Random(20260101);
        for (int i = 0; i < 3000; i++) {
            String original = i % 2 == 0 ? argon2 : bcrypt;
            // bcrypt's cost digits stay: a valid cost up to 16 would make one try take seconds.
            int from = original == bcrypt ? 7 : 0;
            StringBuilder corrupted = new StringBuilder(original);
            corrupted.setCharAt(from + random.nextInt(original.length() - from),
                    alphabet.charAt(random.nextInt(alphabet.length())));

            assertThatCode(() -> hasher.verify("pässwörd", corrupted.toString()))
                    .as(corrupted.toString())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aHashWithTheCurrentParametersNeedsNoRehash() {
        assertThat(hasher.needsRehash(hasher.hash("secret"))).isFalse();
    }

    @Test
    void aHashWithStrongerParametersNeedsNoRehash() {
        String stronger = new Argon2idPasswordHasher(new Argon2Parameters(512, 2, 1, 32, 64)).hash("secret");

        assertThat(hasher.needsRehash(stronger)).isFalse();
    }

    @Test
    void parallelismAloneDoesNotCallForARehash() {
        String moreLanes = new Argon2idPasswordHasher(new Argon2Parameters(256, 1, 2, 16, 32)).hash("secret");

        assertThat(hasher.needsRehash(moreLanes)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"256, 2, 16, 32", "512, 1, 16, 32", "512, 2, 8, 32", "512, 2, 16, 16"})
    void aWeakerHashNeedsARehashYetStillVerifies(int memoryKib, int iterations, int saltLength, int hashLength) {
        Argon2idPasswordHasher current = new Argon2idPasswordHasher(new Argon2Parameters(512, 2, 1, 16, 32));
        String weaker = new Argon2idPasswordHasher(
                new Argon2Parameters(memoryKib, iterations, 1, saltLength, hashLength)).hash("secret");

        assertThat(current.needsRehash(weaker)).isTrue();
        assertThat(current.verify("secret", weaker)).isTrue();
    }

    @Test
    void bcryptAlwaysNeedsARehash() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 4).hash("secret").getResult();

        assertThat(hasher.needsRehash(bcrypt)).isTrue();
        assertThat(hasher.needsRehash("$2y$05$ww/w4wbRiZbUi6HxKbDeKuHiXQpns4DbywrPsJKpyILfkAL7zSbsG")).isTrue();
    }

    @Test
    void theDefaultParametersAreAtLeastOwaspsMinimum() {
        Argon2idPasswordHasher production = new Argon2idPasswordHasher(Argon2Parameters.DEFAULT);

        String hash = production.hash("secret");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Argon2Parameters.DEFAULT.isAtLeastAsStrongAs(new Argon2Parameters(19456, 2, 1, 16, 32))).isTrue();
        assertThat(production.verify("secret", hash)).isTrue();
    }
}
