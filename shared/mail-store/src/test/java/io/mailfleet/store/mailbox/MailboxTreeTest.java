package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MailboxTreeTest {

    /** INBOX, Lists (\Noselect), Lists/dev/daily, with Lists/dev a gap; Ghost is only subscribed. */
    private static final MailboxTree TREE = new MailboxTree(
            List.of(name("INBOX"), name("Lists"), name("Lists/dev/daily")),
            Set.of(MailboxPath.parse("Ghost"), MailboxPath.parse("INBOX")));

    private static MailboxTree.Name name(String path) {
        return new MailboxTree.Name(MailboxPath.parse(path), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # name          | exists | has children | subscribed
            INBOX           | true   | false        | true
            Lists           | true   | true         | false
            Lists/dev       | false  | true         | false
            Lists/dev/daily | true   | false        | false
            Lists/de        | false  | false        | false
            Ghost           | false  | false        | true
            """)
    void answersWhatListReports(String path, boolean exists, boolean hasChildren, boolean subscribed) {
        MailboxPath name = MailboxPath.parse(path);

        assertThat(TREE.exists(name)).isEqualTo(exists);
        assertThat(TREE.hasChildren(name)).isEqualTo(hasChildren);
        assertThat(TREE.subscribed(name)).isEqualTo(subscribed);
    }
}
