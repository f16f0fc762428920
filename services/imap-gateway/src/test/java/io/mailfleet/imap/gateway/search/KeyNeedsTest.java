package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SearchKey;
import io.mailfleet.model.mailbox.Flag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which BODY strings every match of a key must contain: those a text signature may rule a message out by. */
class KeyNeedsTest {

    private static final SearchKey FLAGGED = new SearchKey.HasFlag(Flag.FLAGGED, true);

    @Test
    void bodyAloneAndTheBodiesAKeyAndsAreRequired() {
        assertThat(KeyNeeds.requiredBodyStrings(new SearchKey.Body("walrus"))).containsExactly("walrus");
        assertThat(KeyNeeds.requiredBodyStrings(new SearchKey.And(List.of(FLAGGED, new SearchKey.Body("walrus"),
                new SearchKey.And(List.of(new SearchKey.Body("seal"), FLAGGED)))))).containsExactly("walrus", "seal");
    }

    @Test
    void bodiesUnderOrAndNotAndTextAreNot() {
        assertThat(KeyNeeds.requiredBodyStrings(new SearchKey.Or(new SearchKey.Body("walrus"), FLAGGED))).isEmpty();
        assertThat(KeyNeeds.requiredBodyStrings(new SearchKey.Not(new SearchKey.Body("walrus")))).isEmpty();
        assertThat(KeyNeeds.requiredBodyStrings(new SearchKey.And(List.of(new SearchKey.Text("walrus"), FLAGGED)))).isEmpty();
        assertThat(KeyNeeds.requiredBodyStrings(FLAGGED)).isEmpty();
    }
}
