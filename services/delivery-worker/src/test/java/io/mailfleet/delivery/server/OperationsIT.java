package io.mailfleet.delivery.server;

import io.mailfleet.delivery.TestMail;
import io.mailfleet.delivery.relay.RelayPeersResource;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.mailfleet.delivery.TestMail.await;
import static io.mailfleet.delivery.TestMail.message;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(RelayPeersResource.class)
class OperationsIT {

    @Inject
    Backends backends;

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicWithItsReasonAndDeliveryGoesOn() throws Exception {
        String bootstrap = backends.kafkaBootstrapServers();
        byte[] poison = ("{\"type\":\"MailAccepted\",\"version\":1,\"messageId\":\"not-an-id-" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(backends.topics().inbound(), poison)).get(10, TimeUnit.SECONDS);
        }
        TestMail mail = new TestMail(backends);
        Domain domain = mail.domain();
        MailAddress after = mail.account(domain, "after", OptionalLong.empty());
        mail.send(Optional.empty(), List.of(after), message("x@remote.example", after.toString(), "After the poison"));

        assertThat(await(() -> mail.inbox(after).size() == 1)).as("delivery goes on").isTrue();
        assertThat(deadLetters(bootstrap)).anySatisfy(record -> {
            assertThat(record.value()).isEqualTo(poison);
            assertThat(record.headers().lastHeader(io.mailfleet.events.DeadLetterHeaders.REASON_CLASS)).isNotNull();
        });
        assertThat(await(() -> scrape().contains("mailfleet_delivery_dead_letters_total"))).isTrue();
    }

    @Test
    void readinessNamesItsBackendsAndMetricsAreNamedForOperators() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"kafka\"").contains("\"cassandra\"").contains("\"s3\"");

        TestMail mail = new TestMail(backends);
        MailAddress someone = mail.account(mail.domain(), "someone", OptionalLong.empty());
        mail.send(Optional.empty(), List.of(someone), message("x@remote.example", someone.toString(), "Counted"));
        assertThat(await(() -> mail.inbox(someone).size() == 1)).isTrue();

        String page = scrape();
        assertThat(page).contains("mailfleet_delivery_recipients_total{outcome=\"delivered\",route=\"local\"")
                .contains("mailfleet_delivery_latency_seconds_bucket{route=\"local\"")
                .contains("mailfleet_delivery_consumer_lag_records{group=\"delivery-worker\",topic=\"" + backends.topics().inbound() + "\"}")
                .contains("mailfleet_delivery_consumer_oldest_waiting_seconds{group=\"delivery-worker\"")
                .contains("mailfleet_delivery_dead_letters_total");
    }

    private String scrape() {
        try {
            return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters(String bootstrap) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(backends.topics().deadLetter()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && records.isEmpty()) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
