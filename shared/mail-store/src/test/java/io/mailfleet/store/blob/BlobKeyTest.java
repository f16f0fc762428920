package io.mailfleet.store.blob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobKeyTest {

    /** SHA-256 of "abc", FIPS 180-2 appendix B.1. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void keyFansOutByTheFirstFourHexDigits() {
        BlobKey key = BlobKey.forSha256(ABC);

        assertThat(key.value()).isEqualTo("sha256/ba/78/" + ABC);
        assertThat(key.sha256()).isEqualTo(ABC);
        assertThat(key).hasToString(key.value());
    }

    @Test
    void storedKeyReadsBackEqual() {
        assertThat(new BlobKey("sha256/ba/78/" + ABC)).isEqualTo(BlobKey.forSha256(ABC));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "sha256/ba/78/" + "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            "sha256/ba/79/" + ABC,
            "sha256/ba/78/" + ABC + "0",
            "sha256/ba78/" + ABC,
            "md5/ba/78/" + ABC,
            "tmp/0b3c0f1e-0000-4000-8000-000000000000",
            "sha256/ba/78/" + ABC + "/../x"})
    void rejectsAnythingButTheLayout(String value) {
        assertThatThrownBy(() -> new BlobKey(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsWhatIsNotALowercaseSha256() {
        assertThatThrownBy(() -> BlobKey.forSha256(ABC.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlobKey.forSha256(ABC.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refCarriesTheHashOfItsKey() {
        BlobRef ref = new BlobRef(BlobKey.forSha256(ABC), 3);

        assertThat(ref.sha256()).isEqualTo(ABC);
        assertThatThrownBy(() -> new BlobRef(ref.key(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
