package io.mailfleet.quarkus.health;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraProbeTest {

    /** A session that records what the probe asks of it; only prepare and execute are expected. */
    private static final class RecordingSession {
        final List<String> prepared = new ArrayList<>();
        final List<Object> executed = new ArrayList<>();
        final AtomicBoolean reachable = new AtomicBoolean(true);
        final CqlSession session = (CqlSession) Proxy.newProxyInstance(CqlSession.class.getClassLoader(),
                new Class<?>[]{CqlSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "prepare" -> {
                        if (!reachable.get()) {
                            throw AllNodesFailedException.fromErrors(List.of());
                        }
                        prepared.add((String) args[0]);
                        yield statement();
                    }
                    case "execute" -> {
                        executed.add(args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private static PreparedStatement statement() {
            BoundStatement bound = (BoundStatement) Proxy.newProxyInstance(BoundStatement.class.getClassLoader(),
                    new Class<?>[]{BoundStatement.class}, (proxy, method, args) -> {
                        throw new UnsupportedOperationException(method.getName());
                    });
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().equals("bind")) {
                            return bound;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void theQueryIsPreparedOnceAndItsBoundStatementRunsEveryRound() {
        RecordingSession cassandra = new RecordingSession();
        CassandraProbe probe = new CassandraProbe(() -> cassandra.session);

        probe.run();
        probe.run();
        probe.run();

        assertThat(cassandra.prepared).containsExactly(CassandraProbe.QUERY);
        assertThat(cassandra.executed).hasSize(3).allSatisfy(statement -> assertThat(statement)
                .isInstanceOf(BoundStatement.class).isSameAs(cassandra.executed.get(0)));
    }

    @Test
    void aCassandraDownAtStartFailsTheRoundsUntilItAnswersThenThePreparationIsKept() {
        RecordingSession cassandra = new RecordingSession();
        AtomicReference<RuntimeException> connecting = new AtomicReference<>(new IllegalStateException("no session yet"));
        CassandraProbe probe = new CassandraProbe(() -> {
            if (connecting.get() != null) {
                throw connecting.get();
            }
            return cassandra.session;
        });

        assertThatThrownBy(probe::run).hasMessage("no session yet");
        connecting.set(null);
        cassandra.reachable.set(false);
        assertThatThrownBy(probe::run).isInstanceOf(AllNodesFailedException.class);
        cassandra.reachable.set(true);
        probe.run();
        probe.run();

        assertThat(cassandra.prepared).containsExactly(CassandraProbe.QUERY);
        assertThat(cassandra.executed).hasSize(2);
    }

    @Test
    void aNewSessionIsPreparedAnew() {
        RecordingSession first = new RecordingSession();
        RecordingSession second = new RecordingSession();
        AtomicInteger round = new AtomicInteger();
        CassandraProbe probe = new CassandraProbe(() -> round.getAndIncrement() == 0 ? first.session : second.session);

        probe.run();
        probe.run();
        probe.run();

        assertThat(Map.of("first", first.prepared.size(), "second", second.prepared.size()))
                .isEqualTo(Map.of("first", 1, "second", 1));
        assertThat(second.executed).hasSize(2);
    }
}
