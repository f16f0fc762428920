package io.mailfleet.admin.service;

import io.mailfleet.admin.rest.ProblemException;
import io.mailfleet.admin.store.Store;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.backend.DirectoryEvents;
import io.mailfleet.store.account.Alias;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class Aliases {

    static final int MAX_TARGETS = 100;

    private final Store store;
    private final Domains domains;
    private final AdminMetrics metrics;
    private final DirectoryEvents directory;

    public Aliases(Store store, Domains domains, AdminMetrics metrics, DirectoryEvents directory) {
        this.store = store;
        this.domains = domains;
        this.metrics = metrics;
        this.directory = directory;
    }

    /** {@code @domain} names the domain's catch-all; anything else must be an address. */
    static String parseSource(String source) {
        String trimmed = source == null ? "" : source.trim();
        if (trimmed.startsWith("@")) {
            return Alias.catchAllSource(Domains.parse(trimmed.substring(1)));
        }
        return Accounts.parse(trimmed).lookupKey();
    }

    public Alias create(String source, List<String> targets) {
        String key = parseSource(source);
        Domain domain = Domains.parse(key.substring(key.lastIndexOf('@') + 1));
        domains.requireExists(domain);
        if (targets == null || targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw ProblemException.badRequest("an alias needs 1 to " + MAX_TARGETS + " targets");
        }
        List<MailAddress> parsedTargets = targets.stream().map(t -> MailAddress.parse(t == null ? "" : t.trim(), true)).toList();
        if (store.aliases().find(key).isPresent()) {
            throw ProblemException.conflict("alias " + key + " exists already");
        }
        if (!key.startsWith("@") && store.accounts().find(MailAddress.parse(key, true)).isPresent()) {
            throw ProblemException.conflict("an account has the address " + key);
        }
        Alias alias = new Alias(key, parsedTargets);
        Optional<String> loop = loopThrough(alias);
        if (loop.isPresent()) {
            throw ProblemException.conflict("alias " + key + " would loop: " + loop.get());
        }
        store.aliases().put(alias);
        metrics.changed("alias", "create");
        // Delivery remembers where addresses lead: the address, or its domain's others, may lead here now.
        directory.changed(DirectoryChanged.Kind.ALIAS, key);
        return alias;
    }

    public Alias get(String source) {
        String key = parseSource(source);
        return store.aliases().find(key).orElseThrow(() -> ProblemException.notFound("no alias " + key));
    }

    public List<Alias> list(String domain) {
        Domain parsed = Domains.parse(domain);
        domains.requireExists(parsed);
        return store.aliases().listByDomain(parsed);
    }

    public void delete(String source) {
        String key = parseSource(source);
        if (!store.aliases().delete(key)) {
            throw ProblemException.notFound("no alias " + key);
        }
        metrics.changed("alias", "delete");
        directory.changed(DirectoryChanged.Kind.ALIAS, key);
    }

    /**
     * Follows the new alias's targets the way delivery will resolve them (an alias first, else an
     * account, else the domain's catch-all) and reports a path that comes back to an address
     * already on it.
     */
    private Optional<String> loopThrough(Alias added) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(added.source()));
        Set<String> expanded = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            String last = path.get(path.size() - 1);
            if (!expanded.add(last)) {
                continue;
            }
            for (String next : targetsOf(last, added)) {
                List<String> longer = new java.util.ArrayList<>(path);
                longer.add(next);
                if (path.contains(next)) {
                    return Optional.of(String.join(" -> ", longer));
                }
                paths.push(longer);
            }
        }
        return Optional.empty();
    }

    private List<String> targetsOf(String source, Alias added) {
        Optional<Alias> alias = source.equals(added.source()) ? Optional.of(added) : store.aliases().find(source);
        if (alias.isPresent()) {
            return alias.get().targets().stream().map(MailAddress::lookupKey).toList();
        }
        if (source.startsWith("@") || store.accounts().find(MailAddress.parse(source, true)).isPresent()) {
            return List.of();
        }
        String catchAll = "@" + source.substring(source.lastIndexOf('@') + 1);
        return catchAll.equals(added.source()) || store.aliases().find(catchAll).isPresent() ? List.of(catchAll) : List.of();
    }
}
