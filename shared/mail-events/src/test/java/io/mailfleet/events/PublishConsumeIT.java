package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.KafkaTestSupport.RunningConsumer;
import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class PublishConsumeIT {

    @Test
    void anAcknowledgedEventIsConsumedBackEqual(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 3);
        MailAccepted sent = SampleEvents.mailAccepted();

        PublishedPosition position;
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            position = publisher.publish(sent).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(position.topic()).isEqualTo(topics.inbound());
        assertThat(position.offset()).isNotNegative();

        String group = KafkaTestSupport.freshGroup();
        List<ReceivedEvent<MailAccepted>> received = new CopyOnWriteArrayList<>();
        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(
                ConsumerSettings.defaults(bootstrap, group, List.of(topics.inbound()), topics.deadLetter()),
                MailAccepted.class, received::add)) {
            assertThat(KafkaTestSupport.await(() -> !received.isEmpty(), WAIT)).isTrue();
        }

        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(sent);
            assertThat(event.key()).isEqualTo(sent.messageId());
            assertThat(event.partition()).isEqualTo(position.partition());
            assertThat(event.offset()).isEqualTo(position.offset());
            assertThat(event.attempt()).isEqualTo(1);
        });
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group))
                .containsEntry(new TopicPartition(topics.inbound(), position.partition()), position.offset() + 1);
    }

    @Test
    void mailboxEventsOfOneAccountArriveInOrderWithTheirTypes(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 3);
        List<MailboxEvent> sent = List.of(SampleEvents.messageAdded(), SampleEvents.flagsChanged(),
                SampleEvents.messageExpunged());

        List<PublishedPosition> positions = new CopyOnWriteArrayList<>();
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (MailboxEvent event : sent) {
                positions.add(publisher.publish(event).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        }
        assertThat(positions).extracting(PublishedPosition::topic).containsOnly(topics.mailboxEvents());
        assertThat(positions).extracting(PublishedPosition::partition).containsOnly(positions.get(0).partition());

        List<ReceivedEvent<MailboxEvent>> received = new CopyOnWriteArrayList<>();
        try (RunningConsumer<MailboxEvent> running = new RunningConsumer<>(ConsumerSettings.defaults(bootstrap,
                KafkaTestSupport.freshGroup(), List.of(topics.mailboxEvents()), topics.deadLetter()),
                MailboxEvent.class, received::add)) {
            assertThat(KafkaTestSupport.await(() -> received.size() == sent.size(), WAIT)).isTrue();
            assertThat(running.consumer.processedCount()).isEqualTo(3);
            assertThat(running.consumer.deadLetteredCount()).isZero();
        }

        assertThat(received).extracting(ReceivedEvent::event).containsExactlyElementsOf(sent);
        assertThat(received).extracting(ReceivedEvent::key).containsOnly("alice@example.com");
        assertThat(KafkaTestSupport.recordCount(bootstrap, topics.deadLetter())).isZero();
    }

    @Test
    void theAcknowledgementCarriesTheStoredPosition(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);

        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            PublishedPosition first = publisher.publish(SampleEvents.mailAccepted()).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            PublishedPosition second = publisher.publish(SampleEvents.bounce()).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(first).isEqualTo(new PublishedPosition(topics.inbound(), 0, 0));
            assertThat(second).isEqualTo(new PublishedPosition(topics.inbound(), 0, 1));
        }
        assertThat(KafkaTestSupport.readRecords(bootstrap, topics.inbound(), 2))
                .extracting(record -> Map.entry(record.offset(), new EventCodec()
                        .decode(record.value(), MailAccepted.class)))
                .containsExactly(Map.entry(0L, SampleEvents.mailAccepted()), Map.entry(1L, SampleEvents.bounce()));
    }
}
