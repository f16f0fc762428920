package io.mailfleet.admin.rest;

import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** What operators and Kubernetes use: health, metrics and the API description, all without the token. */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class OperationsIT {

    @Test
    void readinessIncludesCassandra() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("cassandra"));
        RestAssured.get("/q/health/live").then().statusCode(200);
    }

    @Test
    void changesAreCountedInPrometheusFormat() {
        Api.createDomain();
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("mailfleet_admin_changes_total{action=\"create\",kind=\"domain\"}"));
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/accounts/{address}/mailboxes"))
                .body(containsString("/api/v1/aliases"));
    }
}
