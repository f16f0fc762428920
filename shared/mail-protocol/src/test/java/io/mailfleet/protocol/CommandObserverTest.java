package io.mailfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandObserverTest {

    @Test
    void reportsTheProtocolsKeywordsAndAnyOtherLineAsOther() {
        CommandObserver commands = new CommandObserver(Set.of("NOOP", "QUIT"));
        List<String> seen = new ArrayList<>();
        commands.taken("NOOP");
        commands.observe(seen::add);
        commands.taken("QUIT");
        commands.taken("XYZZY");
        commands.taken("");
        assertThat(seen).containsExactly("QUIT", CommandObserver.OTHER, CommandObserver.OTHER);
    }
}
