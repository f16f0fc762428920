package io.mailfleet.model.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxIdTest {

    private static final String CANONICAL = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void parsesCanonicalForm() {
        MailboxId id = MailboxId.parse(CANONICAL);

        assertThat(id.value()).isEqualTo(UUID.fromString(CANONICAL));
        assertThat(id.toString()).isEqualTo(CANONICAL);
    }

    @Test
    void upperCaseIsTheSameId() {
        assertThat(MailboxId.parse(CANONICAL.toUpperCase())).isEqualTo(MailboxId.parse(CANONICAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1-2-3-4-5", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5bd9cb469fa16570867728950e",
            "not-a-uuid", "0f8fad5b-d9cb-469f-a165-70867728950e0"})
    void rejectsOtherSpellings(String input) {
        assertThatThrownBy(() -> MailboxId.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mailbox id is not a canonical UUID");
    }

    @Test
    void randomIdsDiffer() {
        assertThat(MailboxId.random()).isNotEqualTo(MailboxId.random());
    }
}
