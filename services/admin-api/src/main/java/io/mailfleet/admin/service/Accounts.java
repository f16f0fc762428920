package io.mailfleet.admin.service;

import io.mailfleet.admin.rest.ProblemException;
import io.mailfleet.admin.store.Store;
import io.mailfleet.auth.PasswordHasher;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.quarkus.backend.DirectoryEvents;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.mailbox.Mailbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

@ApplicationScoped
public class Accounts {

    /** The mailboxes every account starts with, and their RFC 6154 special-use attributes. */
    static final List<StandardMailbox> STANDARD_MAILBOXES = List.of(
            new StandardMailbox("INBOX", Optional.empty()),
            new StandardMailbox("Drafts", Optional.of("\\Drafts")),
            new StandardMailbox("Sent", Optional.of("\\Sent")),
            new StandardMailbox("Trash", Optional.of("\\Trash")),
            new StandardMailbox("Junk", Optional.of("\\Junk")),
            new StandardMailbox("Archive", Optional.of("\\Archive")));

    static final int MAX_PASSWORD_LENGTH = 1024;

    private final Store store;
    private final Domains domains;
    private final PasswordHasher hasher;
    private final AdminMetrics metrics;
    private final DirectoryEvents directory;
    private final Clock clock = Clock.systemUTC();

    public Accounts(Store store, Domains domains, PasswordHasher hasher, AdminMetrics metrics, DirectoryEvents directory) {
        this.store = store;
        this.domains = domains;
        this.hasher = hasher;
        this.metrics = metrics;
        this.directory = directory;
    }

    /** Our accounts have ASCII or UTF-8 addresses at a domain name, never at an address literal. */
    public static MailAddress parse(String address) {
        MailAddress parsed = MailAddress.parse(address == null ? "" : address.trim(), true);
        if (!(parsed.host() instanceof Domain)) {
            throw new IllegalArgumentException("an account's address needs a domain name, not " + parsed.host().ascii());
        }
        return parsed;
    }

    public Account create(String address, String password, OptionalLong quotaBytes) {
        MailAddress parsed = parse(address);
        domains.requireExists((Domain) parsed.host());
        if (store.aliases().find(parsed.lookupKey()).isPresent()) {
            throw ProblemException.conflict("an alias has the address " + parsed + "; delete it first");
        }
        Account account = new Account(parsed, hasher.hash(checkedPassword(password)), checkedQuota(quotaBytes), clock.instant());
        if (!store.accounts().create(account)) {
            throw ProblemException.conflict("account " + parsed + " exists already");
        }
        for (StandardMailbox mailbox : STANDARD_MAILBOXES) {
            store.mailboxes().create(account.key(), MailboxPath.parse(mailbox.name()), mailbox.specialUse());
        }
        metrics.changed("account", "create");
        // Delivery remembers where addresses lead: mail for this one may have gone to the catch-all until now.
        directory.changed(DirectoryChanged.Kind.ACCOUNT, account.key());
        return account;
    }

    public Account get(String address) {
        MailAddress parsed = parse(address);
        return store.accounts().find(parsed).orElseThrow(() -> ProblemException.notFound("no account " + parsed));
    }

    public List<Account> list(String domain, Optional<String> after, int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000");
        }
        Domain parsed = Domains.parse(domain);
        domains.requireExists(parsed);
        return store.accounts().listByDomain(parsed, after, limit);
    }

    /** Removes the account and its mailboxes; message bodies are left to the blob collector. */
    public void delete(String address) {
        Account account = get(address);
        for (Mailbox mailbox : store.mailboxes().list(account.key())) {
            store.mailboxes().delete(mailbox);
        }
        store.accounts().delete(account.address());
        metrics.changed("account", "delete");
        directory.changed(DirectoryChanged.Kind.ACCOUNT, account.address().lookupKey());
    }

    public void changePassword(String address, String password) {
        Account account = get(address);
        store.accounts().changePasswordHash(account.address(), hasher.hash(checkedPassword(password)));
        metrics.changed("account", "password");
    }

    public void setQuota(String address, OptionalLong quotaBytes) {
        Account account = get(address);
        store.accounts().setQuota(account.address(), checkedQuota(quotaBytes));
        metrics.changed("account", "quota");
        // Delivery remembers the account with its quota; the usage it reads afresh.
        directory.changed(DirectoryChanged.Kind.ACCOUNT, account.key());
    }

    public List<MailboxSummary> mailboxes(String address) {
        Account account = get(address);
        return store.mailboxes().list(account.key()).stream()
                .map(mailbox -> MailboxSummary.of(mailbox, store.messages().counters(mailbox.id())))
                .toList();
    }

    private static String checkedPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw ProblemException.badRequest("password is required");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw ProblemException.badRequest("password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static OptionalLong checkedQuota(OptionalLong quotaBytes) {
        if (quotaBytes.isPresent() && quotaBytes.getAsLong() < 0) {
            throw ProblemException.badRequest("quotaBytes must not be negative");
        }
        return quotaBytes;
    }

    record StandardMailbox(String name, Optional<String> specialUse) {
    }
}
