package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;

import java.util.List;
import java.util.Optional;

/** Aliases by source; one alias per source, replaced as a whole. */
public interface AliasRepository {

    void put(Alias alias);

    /** The alias for a source as {@link Alias#source()} spells it. */
    Optional<Alias> find(String source);

    List<Alias> listByDomain(Domain domain);

    /** False when there was no such alias. */
    boolean delete(String source);
}
