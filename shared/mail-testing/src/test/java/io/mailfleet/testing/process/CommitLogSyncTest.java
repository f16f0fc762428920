package io.mailfleet.testing.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitLogSyncTest {

    @Test
    void eachModeWritesCassandraFiveOptionNames() {
        assertThat(CommitLogSync.periodic().yamlLines())
                .containsExactly("commitlog_sync: periodic", "commitlog_sync_period: 10000ms");
        assertThat(CommitLogSync.group(Duration.ofMillis(2)).yamlLines())
                .containsExactly("commitlog_sync: group", "commitlog_sync_group_window: 2ms");
        assertThat(CommitLogSync.batch().yamlLines()).containsExactly("commitlog_sync: batch");
    }

    @Test
    void benchmarkOptionsParseToTheModesTheyName() {
        assertThat(CommitLogSync.parse("group:2ms")).isEqualTo(CommitLogSync.group(Duration.ofMillis(2)));
        assertThat(CommitLogSync.parse("Group:10")).isEqualTo(CommitLogSync.group(Duration.ofMillis(10)));
        assertThat(CommitLogSync.parse("batch")).isEqualTo(CommitLogSync.batch());
        assertThat(CommitLogSync.parse("periodic")).isEqualTo(CommitLogSync.periodic());
        assertThatThrownBy(() -> CommitLogSync.parse("sometimes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sometimes");
    }

    @Test
    void aDurableServerAcknowledgesOnlyAfterTheSync() {
        assertThat(CommitLogSync.durable().mode()).isNotEqualTo(CommitLogSync.Mode.PERIODIC);
    }
}
