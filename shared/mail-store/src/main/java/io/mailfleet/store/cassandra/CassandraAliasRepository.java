package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.account.AliasRepository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

public final class CassandraAliasRepository implements AliasRepository {

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement insertByDomain;
    private final PreparedStatement select;
    private final PreparedStatement selectByDomain;
    private final PreparedStatement delete;
    private final PreparedStatement deleteByDomain;

    public CassandraAliasRepository(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO aliases (source, domain, targets) VALUES (?, ?, ?)");
        this.insertByDomain = session.prepare("INSERT INTO aliases_by_domain (domain, source) VALUES (?, ?)");
        this.select = session.prepare("SELECT source, targets FROM aliases WHERE source = ?");
        this.selectByDomain = session.prepare("SELECT source FROM aliases_by_domain WHERE domain = ?");
        this.delete = session.prepare("DELETE FROM aliases WHERE source = ? IF EXISTS");
        this.deleteByDomain = session.prepare("DELETE FROM aliases_by_domain WHERE domain = ? AND source = ?");
    }

    @Override
    public void put(Alias alias) {
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        alias.targets().forEach(target -> targets.add(target.toString()));
        Cql.run("store alias", () -> {
            session.execute(insertByDomain.bind(alias.domain(), alias.source()));
            session.execute(insert.bind(alias.source(), alias.domain(), targets));
        });
    }

    @Override
    public Optional<Alias> find(String source) {
        Row row = Cql.call("read alias", () -> session.execute(select.bind(source)).one());
        return Optional.ofNullable(row).map(CassandraAliasRepository::alias);
    }

    @Override
    public List<Alias> listByDomain(Domain domain) {
        return Cql.call("list aliases", () -> {
            List<Alias> aliases = new ArrayList<>();
            for (Row row : session.execute(selectByDomain.bind(domain.ascii()))) {
                find(row.getString("source")).ifPresent(aliases::add);
            }
            return aliases;
        });
    }

    @Override
    public boolean delete(String source) {
        boolean deleted = Cql.call("delete alias", () -> session.execute(delete.bind(source)).wasApplied());
        String domain = source.substring(source.lastIndexOf('@') + 1);
        Cql.run("delete alias", () -> session.execute(deleteByDomain.bind(domain, source)));
        return deleted;
    }

    private static Alias alias(Row row) {
        List<MailAddress> targets = row.getSet("targets", String.class).stream()
                .map(target -> MailAddress.parse(target, true)).toList();
        return new Alias(row.getString("source"), targets);
    }
}
