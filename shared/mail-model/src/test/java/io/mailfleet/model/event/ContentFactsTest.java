package io.mailfleet.model.event;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentFactsTest {

    @Test
    void keepsTheFirstValueOfEachSortFieldAndTheSignature() {
        Map<String, List<String>> fields = Map.of(
                "subject", List.of("Re: plans"),
                "received", List.of("from mx.example.org"),
                "references", List.of("<a@example.org> <b@example.org>", "<c@example.org>"),
                "to", List.of());

        ContentFacts facts = ContentFacts.of(fields, new byte[] {1, 2, 3}).orElseThrow();

        assertThat(facts.sortHeaders()).isEqualTo(Map.of("subject", "Re: plans", "references", "<a@example.org> <b@example.org>"));
        assertThat(facts.signatureBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void aMessageWithoutSearchTextHasAnEmptySignature() {
        ContentFacts facts = ContentFacts.of(Map.of(), null).orElseThrow();

        assertThat(facts.textSignature()).isEmpty();
        assertThat(facts.signatureBytes()).isEmpty();
    }

    @Test
    void sortFieldsLongerThanTheBoundTogetherGiveNoFacts() {
        String half = "x".repeat(ContentFacts.MAX_SORT_HEADER_CHARS / 2);

        assertThat(ContentFacts.of(Map.of("subject", List.of(half), "references", List.of(half)), null)).isPresent();
        assertThat(ContentFacts.of(Map.of("subject", List.of(half), "references", List.of(half + "x")), null)).isEmpty();
    }

    @Test
    void refusesAFieldSortingDoesNotReadAndASignatureThatIsNotBase64() {
        assertThatThrownBy(() -> new ContentFacts(Map.of("received", "from mx"), ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContentFacts(Map.of(), "not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
