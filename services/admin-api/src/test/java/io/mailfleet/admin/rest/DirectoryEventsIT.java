package io.mailfleet.admin.rest;

import io.mailfleet.events.directory.DirectoryChangeReader;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.mailfleet.admin.rest.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

/** Each change through the API is announced to the caches of smtp-ingress and delivery, as a reader of theirs hears it. */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class DirectoryEventsIT {

    @Inject
    KafkaSettings kafka;

    @Inject
    TopicSettings topics;

    @Test
    void changingAndRemovingAliasesAccountsAndADomainIsAnnouncedWithTheKeysTheCachesUse() throws Exception {
        // Created by the services that read it; here by the test, which reads it as they do.
        new TopicProvisioner(kafka.bootstrapServers()).createMissing(List.of(topics.directoryEvents()), new TopicLayout(1, (short) 1));
        List<DirectoryChanged> heard = new CopyOnWriteArrayList<>();
        try (DirectoryChangeReader reader = DirectoryChangeReader.start(kafka.bootstrapServers(), topics.directoryEvents(),
                Map.of(), heard::add)) {
            awaitTrue(reader::reading);
            String domain = Api.createDomain();
            operator().body("{\"address\":\"Ann@" + domain + "\",\"password\":\"s3cret pass\"}").post("/api/v1/accounts")
                    .then().statusCode(201);
            operator().body("{\"source\":\"Sales@" + domain + "\",\"targets\":[\"ann@" + domain + "\"]}").post("/api/v1/aliases")
                    .then().statusCode(201);
            operator().body("{\"source\":\"@" + domain + "\",\"targets\":[\"ann@" + domain + "\"]}").post("/api/v1/aliases")
                    .then().statusCode(201);
            operator().body("{\"quotaBytes\":1000000}").put("/api/v1/accounts/ANN@" + domain + "/quota").then().statusCode(204);

            operator().delete("/api/v1/aliases/SALES@" + domain).then().statusCode(204);
            operator().delete("/api/v1/aliases/@" + domain).then().statusCode(204);
            operator().delete("/api/v1/accounts/ann@" + domain).then().statusCode(204);
            operator().delete("/api/v1/domains/" + domain).then().statusCode(204);

            awaitTrue(() -> heard.stream().filter(change -> change.name().endsWith(domain)).count() >= 8);
            DirectoryChanged ann = DirectoryChanged.changed(DirectoryChanged.Kind.ACCOUNT, "ann@" + domain);
            DirectoryChanged sales = DirectoryChanged.changed(DirectoryChanged.Kind.ALIAS, "sales@" + domain);
            DirectoryChanged catchAll = DirectoryChanged.changed(DirectoryChanged.Kind.ALIAS, "@" + domain);
            assertThat(heard).filteredOn(change -> change.name().endsWith(domain))
                    .as("created, quota changed and removed: the account three times, each alias twice")
                    .containsExactlyInAnyOrder(ann, sales, catchAll, ann, sales, catchAll, ann,
                            DirectoryChanged.changed(DirectoryChanged.Kind.DOMAIN, domain));
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
