package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.MailboxRepository.Deletion;
import io.mailfleet.store.mailbox.MailboxRepository.Renaming;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link MailboxRepository} must do, case by case after RFC 3501 §6.3.3-6.3.7 and RFC 9051;
 * each adapter's test implements this.
 */
public interface MailboxRepositoryContract {

    MailboxRepository mailboxes();

    MessageRepository messages();

    private static String newAccount() {
        return "owner-" + UUID.randomUUID() + "@example.test";
    }

    private static MailboxPath path(String name) {
        return MailboxPath.parse(name);
    }

    private Mailbox create(String account, String name) {
        return mailboxes().create(account, path(name), Optional.empty()).mailbox();
    }

    private List<Tuple> names(String account) {
        return mailboxes().tree(account).names().stream()
                .map(name -> tuple(name.path().toString(), name.mailbox().isPresent()))
                .toList();
    }

    private void append(Mailbox mailbox) {
        messages().append(mailbox.id(), MessageRepositoryContract.message(100, Flags.EMPTY));
    }

    @Test
    default void aCreatedMailboxIsFoundByPathAndById() {
        String account = newAccount();
        MailboxRepository.Created created = mailboxes().create(account, path("Archive"), Optional.of("\\Archive"));

        assertThat(created.created()).isTrue();
        Mailbox mailbox = created.mailbox();
        assertThat(mailboxes().find(account, path("Archive"))).contains(mailbox);
        assertThat(mailboxes().findById(mailbox.id())).contains(mailbox);
        assertThat(mailbox.specialUse()).contains("\\Archive");
        assertThat(mailbox.subscribed()).isTrue();
    }

    @Test
    default void aNameIsCreatedOnceAndKeepsItsIdentity() {
        String account = newAccount();
        Mailbox first = create(account, "INBOX");
        MailboxRepository.Created second = mailboxes().create(account, path("inbox"), Optional.empty());

        assertThat(second.created()).isFalse();
        assertThat(second.mailbox()).isEqualTo(first);
    }

    @Test
    default void findingWithoutTheSubscriptionFindsTheSameMailboxUnsubscribed() {
        String account = newAccount();
        Mailbox inbox = create(account, "INBOX");
        create(account, "a/b");

        assertThat(mailboxes().findIgnoringSubscription(account, path("INBOX"))).contains(new Mailbox(inbox.id(), account,
                inbox.path(), inbox.uidValidity(), inbox.specialUse(), false));
        assertThat(mailboxes().findIgnoringSubscription(account, path("a"))).isPresent();
        assertThat(mailboxes().findIgnoringSubscription(account, path("Missing"))).isEmpty();
    }

    @Test
    default void theIdsOfAnAccountsMailboxesAreThoseItListsInTheSameOrder() {
        String account = newAccount();
        create(account, "INBOX");
        create(account, "a/b");
        create(account, "Archive");

        assertThat(mailboxes().ids(account)).containsExactlyElementsOf(mailboxes().list(account).stream().map(Mailbox::id).toList())
                .hasSize(4);
        assertThat(mailboxes().ids(newAccount())).isEmpty();
    }

    @Test
    default void aTreeWithoutTheSubscriptionsHasTheSameNamesAndNoSubscription() {
        String account = newAccount();
        create(account, "INBOX");
        create(account, "a/b");
        MailboxTree withSubscriptions = mailboxes().tree(account);

        MailboxTree tree = mailboxes().treeIgnoringSubscriptions(account);

        assertThat(withSubscriptions.subscriptions()).isNotEmpty();
        assertThat(tree.subscriptions()).isEmpty();
        assertThat(tree.names()).extracting(MailboxTree.Name::path)
                .containsExactlyElementsOf(withSubscriptions.names().stream().map(MailboxTree.Name::path).toList());
        assertThat(tree.names()).extracting(name -> name.mailbox().map(Mailbox::id))
                .containsExactlyElementsOf(withSubscriptions.names().stream().map(name -> name.mailbox().map(Mailbox::id)).toList());
        assertThat(tree.hasChildren(path("a"))).isTrue();
    }

    /** RFC 3501 §6.3.3: the superior names needed are created, as mailboxes, not subscribed. */
    @Test
    default void createMakesTheMissingParents() {
        String account = newAccount();
        create(account, "a");

        Mailbox leaf = create(account, "a/b/c");

        assertThat(names(account)).containsExactly(tuple("a", true), tuple("a/b", true), tuple("a/b/c", true));
        MailboxTree tree = mailboxes().tree(account);
        assertThat(tree.subscriptions()).containsExactlyInAnyOrder(path("a"), path("a/b/c"));
        assertThat(tree.hasChildren(path("a"))).isTrue();
        assertThat(tree.hasChildren(path("a/b"))).isTrue();
        assertThat(tree.hasChildren(path("a/b/c"))).isFalse();
        assertThat(mailboxes().find(account, path("a/b")).orElseThrow().uidValidity()).isNotEqualTo(leaf.uidValidity());
    }

    @Test
    default void listingIsPerAccountOrderedByPathAndShowsSelectableMailboxesOnly() {
        String account = newAccount();
        create(account, "INBOX");
        mailboxes().create(account, path("Sent"), Optional.of("\\Sent"));
        create(account, "Lists/dev");
        mailboxes().delete(account, path("Lists"));
        create("other-" + account, "INBOX");

        assertThat(mailboxes().list(account)).extracting(m -> m.path().toString(), Mailbox::specialUse)
                .containsExactly(tuple("INBOX", Optional.empty()), tuple("Lists/dev", Optional.empty()),
                        tuple("Sent", Optional.of("\\Sent")));
    }

    /** RFC 3501 §6.3.6-6.3.7: subscriptions are names, kept whether or not a mailbox has them. */
    @Test
    default void subscriptionsAreIndependentOfExistence() {
        String account = newAccount();
        create(account, "Projects");
        create(account, "Old");
        mailboxes().setSubscribed(account, path("Ghost"), true);
        mailboxes().setSubscribed(account, path("Projects"), false);

        assertThat(mailboxes().delete(account, path("Old"))).isEqualTo(Deletion.DELETED);

        MailboxTree tree = mailboxes().tree(account);
        assertThat(tree.subscriptions()).containsExactlyInAnyOrder(path("Ghost"), path("Old"));
        assertThat(tree.exists(path("Ghost"))).as("Ghost is \\NonExistent").isFalse();
        assertThat(tree.exists(path("Old"))).as("Old is \\NonExistent").isFalse();
        assertThat(mailboxes().find(account, path("Projects")).orElseThrow().subscribed()).isFalse();

        mailboxes().setSubscribed(account, path("Ghost"), false);
        assertThat(mailboxes().tree(account).subscriptions()).containsExactly(path("Old"));
    }

    @Test
    default void deleteRemovesTheMailboxAndItsMessages() {
        String account = newAccount();
        Mailbox doomed = create(account, "Doomed");
        append(doomed);

        assertThat(mailboxes().delete(account, path("Doomed"))).isEqualTo(Deletion.DELETED);

        assertThat(mailboxes().find(account, path("Doomed"))).isEmpty();
        assertThat(mailboxes().findById(doomed.id())).isEmpty();
        assertThat(names(account)).isEmpty();
        assertThat(messages().list(doomed.id())).isEmpty();
    }

    /** RFC 3501 §2.3.1.1: a name deleted and created again, even within a second, gets a new UIDVALIDITY. */
    @Test
    default void aNameRecreatedAtOnceGetsANewLargerUidValidity() {
        String account = newAccount();
        Mailbox old = create(account, "Temp");
        mailboxes().delete(account, path("Temp"));

        Mailbox renewed = create(account, "Temp");

        assertThat(renewed.id()).isNotEqualTo(old.id());
        assertThat(renewed.uidValidity().value()).isGreaterThan(old.uidValidity().value());
    }

    /** RFC 3501 §6.3.4: a mailbox with children loses its messages and keeps its name as \Noselect. */
    @Test
    default void deletingAParentKeepsItAsNoselect() {
        String account = newAccount();
        Mailbox parent = create(account, "Work");
        create(account, "Work/2026");
        append(parent);

        assertThat(mailboxes().delete(account, path("Work"))).isEqualTo(Deletion.KEPT_AS_NOSELECT);

        assertThat(names(account)).containsExactly(tuple("Work", false), tuple("Work/2026", true));
        assertThat(mailboxes().find(account, path("Work"))).isEmpty();
        assertThat(mailboxes().findById(parent.id())).isEmpty();
        assertThat(messages().list(parent.id())).isEmpty();
        assertThat(mailboxes().tree(account).hasChildren(path("Work"))).isTrue();
    }

    @Test
    default void aNoselectNameWithChildrenCannotBeDeletedButCanBeCreatedAgain() {
        String account = newAccount();
        Mailbox parent = create(account, "Work");
        create(account, "Work/2026");
        mailboxes().delete(account, path("Work"));

        assertThat(mailboxes().delete(account, path("Work"))).isEqualTo(Deletion.HAS_CHILDREN);

        MailboxRepository.Created again = mailboxes().create(account, path("Work"), Optional.empty());
        assertThat(again.created()).isTrue();
        assertThat(again.mailbox().id()).isNotEqualTo(parent.id());
        assertThat(again.mailbox().uidValidity().value()).isGreaterThan(parent.uidValidity().value());
        assertThat(names(account)).containsExactly(tuple("Work", true), tuple("Work/2026", true));
    }

    /** A \Noselect name only holds the names below it: it goes when the last of them goes. */
    @Test
    default void aNoselectNameGoesWithItsLastChild() {
        String account = newAccount();
        create(account, "Work/2026");
        create(account, "Work/2027");
        mailboxes().delete(account, path("Work"));

        mailboxes().delete(account, path("Work/2026"));
        assertThat(names(account)).containsExactly(tuple("Work", false), tuple("Work/2027", true));

        mailboxes().rename(account, path("Work/2027"), path("Work 2027"));
        assertThat(names(account)).containsExactly(tuple("Work 2027", true));
    }

    @Test
    default void renamingWithinANoselectNameKeepsIt() {
        String account = newAccount();
        create(account, "Work/2026");
        mailboxes().delete(account, path("Work"));

        mailboxes().rename(account, path("Work/2026"), path("Work/Done"));

        assertThat(names(account)).containsExactly(tuple("Work", false), tuple("Work/Done", true));
    }

    @Test
    default void inboxAndUnknownNamesAreNotDeleted() {
        String account = newAccount();
        Mailbox inbox = create(account, "INBOX");

        assertThat(mailboxes().delete(account, MailboxPath.INBOX)).isEqualTo(Deletion.INBOX);
        assertThat(mailboxes().delete(account, path("Nowhere"))).isEqualTo(Deletion.NO_SUCH_MAILBOX);
        assertThat(mailboxes().find(account, MailboxPath.INBOX)).contains(inbox);
    }

    /** RFC 3501 §6.3.5: the inferior names move too; ids, UIDVALIDITY and messages stay with the mailboxes. */
    @Test
    default void renameMovesTheWholeSubtreeAndCreatesMissingParents() {
        String account = newAccount();
        Mailbox a = mailboxes().create(account, path("a"), Optional.of("\\Archive")).mailbox();
        Mailbox ax = create(account, "a/x");
        Mailbox axy = create(account, "a/x/y");
        create(account, "ab");
        append(ax);

        assertThat(mailboxes().rename(account, path("a"), path("b/c"))).isEqualTo(Renaming.RENAMED);

        assertThat(names(account)).containsExactly(tuple("ab", true), tuple("b", true), tuple("b/c", true),
                tuple("b/c/x", true), tuple("b/c/x/y", true));
        Mailbox renamed = mailboxes().find(account, path("b/c")).orElseThrow();
        assertThat(renamed.id()).isEqualTo(a.id());
        assertThat(renamed.uidValidity()).isEqualTo(a.uidValidity());
        assertThat(renamed.specialUse()).contains("\\Archive");
        assertThat(mailboxes().find(account, path("b/c/x")).orElseThrow().id()).isEqualTo(ax.id());
        assertThat(mailboxes().findById(axy.id()).orElseThrow().path()).isEqualTo(path("b/c/x/y"));
        assertThat(messages().list(ax.id())).hasSize(1);
    }

    /** A child's new name may be the old name of another mailbox of the same subtree. */
    @Test
    default void renameIntoTheGapAboveItselfMovesTheChildrenUp() {
        String account = newAccount();
        Mailbox y = create(account, "g/x/y");
        Mailbox yy = create(account, "g/x/y/y");
        mailboxes().delete(mailboxes().find(account, path("g/x")).orElseThrow());

        assertThat(mailboxes().rename(account, path("g/x/y"), path("g/x"))).isEqualTo(Renaming.RENAMED);

        assertThat(names(account)).containsExactly(tuple("g", true), tuple("g/x", true), tuple("g/x/y", true));
        assertThat(mailboxes().find(account, path("g/x")).orElseThrow().id()).isEqualTo(y.id());
        assertThat(mailboxes().find(account, path("g/x/y")).orElseThrow().id()).isEqualTo(yy.id());
    }

    @Test
    default void renameIsRefusedOntoExistingNamesIntoItselfAndFromNothing() {
        String account = newAccount();
        create(account, "a/x");
        create(account, "b");
        create(account, "c/x");
        mailboxes().delete(account, path("c"));

        assertThat(mailboxes().rename(account, path("a"), path("b"))).isEqualTo(Renaming.TARGET_EXISTS);
        assertThat(mailboxes().rename(account, path("a"), path("a/x/z"))).isEqualTo(Renaming.INTO_ITSELF);
        assertThat(mailboxes().rename(account, path("Nowhere"), path("z"))).isEqualTo(Renaming.NO_SUCH_MAILBOX);
        assertThat(mailboxes().rename(account, path("b"), path("c"))).as("a \\Noselect name exists")
                .isEqualTo(Renaming.TARGET_EXISTS);
        assertThat(names(account)).containsExactly(tuple("a", true), tuple("a/x", true), tuple("b", true),
                tuple("c", false), tuple("c/x", true));
    }

    @Test
    default void renameIsRefusedWhenAChildsNewNameExists() {
        String account = newAccount();
        create(account, "a/x");
        create(account, "b/x");
        mailboxes().delete(mailboxes().find(account, path("b")).orElseThrow());

        assertThat(mailboxes().rename(account, path("a"), path("b"))).isEqualTo(Renaming.TARGET_EXISTS);
    }

    /** RFC 3501 §6.3.5: renaming INBOX moves its messages to the new name and leaves an empty INBOX. */
    @Test
    default void renamingInboxLeavesANewEmptyInboxAndItsChildren() {
        String account = newAccount();
        Mailbox inbox = create(account, "INBOX");
        Mailbox child = create(account, "INBOX/Lists");
        append(inbox);

        assertThat(mailboxes().rename(account, MailboxPath.INBOX, path("Old Mail"))).isEqualTo(Renaming.RENAMED);

        Mailbox moved = mailboxes().find(account, path("Old Mail")).orElseThrow();
        assertThat(moved.id()).isEqualTo(inbox.id());
        assertThat(moved.uidValidity()).isEqualTo(inbox.uidValidity());
        assertThat(messages().list(moved.id())).hasSize(1);
        Mailbox fresh = mailboxes().find(account, MailboxPath.INBOX).orElseThrow();
        assertThat(fresh.id()).isNotEqualTo(inbox.id());
        assertThat(fresh.uidValidity().value()).isGreaterThan(inbox.uidValidity().value());
        assertThat(messages().list(fresh.id())).isEmpty();
        assertThat(mailboxes().find(account, path("INBOX/Lists"))).contains(child);
    }

    @Test
    default void renamingKeepsSubscriptionsWithTheOldNames() {
        String account = newAccount();
        create(account, "Before");

        mailboxes().rename(account, path("Before"), path("After"));

        MailboxTree tree = mailboxes().tree(account);
        assertThat(tree.subscriptions()).containsExactly(path("Before"));
        assertThat(tree.exists(path("Before"))).isFalse();
        assertThat(tree.subscribed(path("After"))).isFalse();
    }

    @Test
    default void removingAMailboxOutrightIgnoresItsChildren() {
        String account = newAccount();
        Mailbox inbox = create(account, "INBOX");
        create(account, "INBOX/child");
        append(inbox);

        for (Mailbox mailbox : mailboxes().list(account)) {
            mailboxes().delete(mailbox);
        }

        assertThat(names(account)).isEmpty();
        assertThat(messages().list(inbox.id())).isEmpty();
        assertThat(mailboxes().findById(inbox.id())).isEmpty();
    }
}
