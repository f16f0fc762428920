package io.mailfleet.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DsnNotify;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsnPolicyTest {

    private static final Optional<MailAddress> SENDER = Optional.of(MailAddress.parse("alice@example.org"));

    @ParameterizedTest(name = "NOTIFY={0}")
    @CsvSource(delimiter = '|', nullValues = "absent", value = {
            // NOTIFY                 failed  delayed  delivered  relayed  expanded
            "absent                  | true  | false  | false    | false   | false",
            "NEVER                   | false | false  | false    | false   | false",
            "SUCCESS                 | false | false  | true     | true    | true",
            "FAILURE                 | true  | false  | false    | false   | false",
            "DELAY                   | false | true   | false    | false   | false",
            "SUCCESS,FAILURE         | true  | false  | true     | true    | true",
            "SUCCESS,DELAY           | false | true   | true     | true    | true",
            "FAILURE,DELAY           | true  | true   | false    | false   | false",
            "SUCCESS,FAILURE,DELAY   | true  | true   | true     | true    | true"})
    void aDsnIsSentWhenNotifyAsksForTheOutcome(String notifyList, boolean failed, boolean delayed, boolean delivered,
            boolean relayed, boolean expanded) {
        Set<DsnNotify> notify = notify(notifyList);

        assertThat(DsnPolicy.shouldSend(SENDER, notify, DsnAction.FAILED)).isEqualTo(failed);
        assertThat(DsnPolicy.shouldSend(SENDER, notify, DsnAction.DELAYED)).isEqualTo(delayed);
        assertThat(DsnPolicy.shouldSend(SENDER, notify, DsnAction.DELIVERED)).isEqualTo(delivered);
        assertThat(DsnPolicy.shouldSend(SENDER, notify, DsnAction.RELAYED)).isEqualTo(relayed);
        assertThat(DsnPolicy.shouldSend(SENDER, notify, DsnAction.EXPANDED)).isEqualTo(expanded);
        for (DsnAction action : DsnAction.values()) {
            assertThat(DsnPolicy.shouldSend(Optional.empty(), notify, action))
                    .as("null reverse-path, %s", action).isFalse();
        }
    }

    private static Set<DsnNotify> notify(String list) {
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        if (list != null) {
            Arrays.stream(list.split(",")).map(DsnNotify::valueOf).forEach(notify::add);
        }
        return notify;
    }
}
