package io.mailfleet.events.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void defaultsAreTheDocumentedNames() {
        assertThat(Topics.DEFAULTS.all())
                .containsExactly("mail.inbound", "mail.outbound", "mailbox.events", "mail.deadletter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "mail inbound", "mail/inbound", "mäil"})
    void rejectsNamesKafkaRejects(String name) {
        assertThatThrownBy(() -> new Topics(name, "b", "c", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal inbound topic name");
    }

    @Test
    void rejectsOverlongNames() {
        assertThat(new Topics("x".repeat(249), "b", "c", "d").inbound()).hasSize(249);
        assertThatThrownBy(() -> new Topics("x".repeat(250), "b", "c", "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOneTopicInTwoRoles() {
        assertThatThrownBy(() -> new Topics("a", "b", "c", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic names must be distinct");
    }
}
