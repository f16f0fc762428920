package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class DelayLineIT {

    @Test
    void recordsAreForwardedToTheirTopicOnlyOnceDueAndWithoutTheDelayHeaders(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        String delayTopic = topics.outbound();
        MessageIdGenerator ids = new MessageIdGenerator();
        MailAccepted early = SampleEvents.mailAccepted(ids.next().toString());
        MailAccepted later = SampleEvents.mailAccepted(ids.next().toString());
        Instant laterDue = Instant.now().plusSeconds(3);

        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            publisher.publishDelayed(delayTopic, later.messageId(), later, laterDue, topics.inbound())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            publisher.publishDelayed(delayTopic, early.messageId(), early, Instant.now().minusSeconds(1), topics.inbound())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        String group = KafkaTestSupport.freshGroup();
        DelayLine line = new DelayLine(ConsumerSettings.defaults(bootstrap, group, List.of(delayTopic), topics.deadLetter())
                .withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                ProducerSettings.defaults(bootstrap), Clock.systemUTC());
        Thread runner = new Thread(line, "delay-line");
        runner.start();
        try {
            List<ConsumerRecord<byte[], byte[]>> forwarded = KafkaTestSupport.readRecords(bootstrap, topics.inbound(), 2);
            EventCodec codec = new EventCodec();
            assertThat(forwarded).extracting(r -> codec.decode(r.value(), MailAccepted.class))
                    .as("one delay per topic: the head holds back the records after it")
                    .containsExactly(later, early);
            assertThat(Instant.ofEpochMilli(forwarded.get(0).timestamp())).as("not forwarded before it was due")
                    .isAfterOrEqualTo(laterDue);
            assertThat(forwarded).allSatisfy(r -> {
                assertThat(r.headers().lastHeader(DelayLine.DUE_AT)).isNull();
                assertThat(r.headers().lastHeader(DelayLine.FORWARD_TO)).isNull();
            });
            assertThat(KafkaTestSupport.await(() -> line.forwardedCount() == 2, WAIT)).isTrue();
        } finally {
            line.close();
            runner.join(TimeUnit.SECONDS.toMillis(15));
        }
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group)).containsEntry(new TopicPartition(delayTopic, 0), 2L);
    }
}
