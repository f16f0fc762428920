package io.mailfleet.admin.service;

import io.mailfleet.admin.rest.ProblemException;
import io.mailfleet.admin.store.Store;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.backend.DirectoryEvents;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class Domains {

    private final Store store;
    private final AdminMetrics metrics;
    private final DirectoryEvents directory;

    public Domains(Store store, AdminMetrics metrics, DirectoryEvents directory) {
        this.store = store;
        this.metrics = metrics;
        this.directory = directory;
    }

    /** Domains are kept as lowercase A-labels, so {@code Bücher.Example} and {@code xn--bcher-kva.example} are one. */
    public static Domain parse(String name) {
        return Domain.parse(name == null ? "" : name.trim(), true);
    }

    public List<Domain> list() {
        return store.domains().list();
    }

    public Domain create(String name) {
        Domain domain = parse(name);
        if (!store.domains().create(domain)) {
            throw ProblemException.conflict("domain " + domain.ascii() + " exists already");
        }
        metrics.changed("domain", "create");
        return domain;
    }

    public void delete(String name) {
        Domain domain = parse(name);
        if (!store.domains().exists(domain)) {
            throw ProblemException.notFound("no domain " + domain.ascii());
        }
        if (store.accounts().hasAccounts(domain)) {
            throw ProblemException.conflict("domain " + domain.ascii() + " still has accounts; delete them first");
        }
        store.domains().delete(domain);
        metrics.changed("domain", "delete");
        directory.changed(DirectoryChanged.Kind.DOMAIN, domain.ascii());
    }

    void requireExists(Domain domain) {
        if (!store.domains().exists(domain)) {
            throw ProblemException.notFound("no domain " + domain.ascii() + "; create it first");
        }
    }
}
