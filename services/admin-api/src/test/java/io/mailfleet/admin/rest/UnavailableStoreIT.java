package io.mailfleet.admin.rest;

import io.mailfleet.testing.process.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.mailfleet.admin.rest.Api.operator;
import static org.hamcrest.Matchers.equalTo;

/** With Cassandra unreachable the service still starts, reports not ready, and answers 503, never a success. */
@QuarkusTest
@TestProfile(UnavailableStoreIT.NoCassandra.class)
class UnavailableStoreIT {

    public static class NoCassandra implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailfleet.cassandra.contact-point", "127.0.0.1:" + Ports.free(),
                    "mailfleet.cassandra.request-timeout", "1s");
        }
    }

    @Test
    void notReadyAndTemporarilyUnavailable() {
        RestAssured.get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        RestAssured.get("/q/health/live").then().statusCode(200);
        operator().body("{\"name\":\"" + Api.uniqueDomain() + "\"}").post("/api/v1/domains").then()
                .statusCode(503).header("Retry-After", "5").contentType(Problem.MEDIA_TYPE);
    }
}
