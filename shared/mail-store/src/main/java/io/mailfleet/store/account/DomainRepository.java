package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;

import java.util.List;

/** The domains mailfleet receives mail for. */
public interface DomainRepository {

    /** False when the domain exists already. */
    boolean create(Domain domain);

    boolean exists(Domain domain);

    List<Domain> list();

    /** False when there was no such domain. */
    boolean delete(Domain domain);
}
