package io.mailfleet.events.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicLayoutTest {

    @ParameterizedTest
    @CsvSource({"2, 2", "3, 2", "4, 3", "5, 3"})
    void replicatedTopicsRequireAMajorityInSync(short replicationFactor, int minInSync) {
        TopicLayout layout = new TopicLayout(6, replicationFactor);

        assertThat(layout.minInSyncReplicas()).isEqualTo(minInSync);
        assertThat(layout.topicConfigs()).isEqualTo(Map.of("min.insync.replicas", Integer.toString(minInSync)));
    }

    @Test
    void aSingleReplicaKeepsTheBrokerDefault() {
        assertThat(new TopicLayout(3, (short) 1).topicConfigs()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-1, 1", "3, 0", "3, -1"})
    void rejectsImpossibleLayouts(int partitions, short replicationFactor) {
        assertThatThrownBy(() -> new TopicLayout(partitions, replicationFactor))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
