package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.address.Domain;
import io.mailfleet.store.account.DomainRepository;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

public final class CassandraDomainRepository implements DomainRepository {

    private final CqlSession session;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;
    private final PreparedStatement delete;

    public CassandraDomainRepository(CqlSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.insert = session.prepare("INSERT INTO domains (name, created_at) VALUES (?, ?) IF NOT EXISTS");
        this.select = session.prepare("SELECT name FROM domains WHERE name = ?");
        this.selectAll = session.prepare("SELECT name FROM domains");
        this.delete = session.prepare("DELETE FROM domains WHERE name = ? IF EXISTS");
    }

    @Override
    public boolean create(Domain domain) {
        return Cql.call("create domain", () -> session.execute(insert.bind(domain.ascii(), clock.instant())).wasApplied());
    }

    @Override
    public boolean exists(Domain domain) {
        return Cql.call("read domain", () -> session.execute(select.bind(domain.ascii())).one() != null);
    }

    @Override
    public List<Domain> list() {
        return Cql.call("list domains", () -> {
            List<Domain> domains = new ArrayList<>();
            for (Row row : session.execute(selectAll.bind())) {
                domains.add(Domain.parse(row.getString("name")));
            }
            domains.sort(java.util.Comparator.comparing(Domain::ascii));
            return domains;
        });
    }

    @Override
    public boolean delete(Domain domain) {
        return Cql.call("delete domain", () -> session.execute(delete.bind(domain.ascii())).wasApplied());
    }
}
