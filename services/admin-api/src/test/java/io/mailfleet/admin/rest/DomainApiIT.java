package io.mailfleet.admin.rest;

import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static io.mailfleet.admin.rest.Api.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class DomainApiIT {

    @Test
    void theApiRequiresTheBearerToken() {
        RestAssured.given().get("/api/v1/domains").then()
                .statusCode(401).contentType(Problem.MEDIA_TYPE).header("WWW-Authenticate", containsString("Bearer"));
        RestAssured.given().header("Authorization", "Bearer not-the-token").get("/api/v1/domains").then().statusCode(401);
        RestAssured.given().header("Authorization", "Basic dGVzdC10b2tlbg==").get("/api/v1/domains").then().statusCode(401);
        operator().get("/api/v1/domains").then().statusCode(200);
    }

    @Test
    void aDomainIsCreatedOnceListedAndDeleted() {
        String domain = Api.uniqueDomain();
        operator().body("{\"name\":\"" + domain.toUpperCase() + "\"}").post("/api/v1/domains").then()
                .statusCode(201).header("Location", containsString("/api/v1/domains/" + domain)).body("name", equalTo(domain));
        operator().body("{\"name\":\"" + domain + "\"}").post("/api/v1/domains").then()
                .statusCode(409).contentType(Problem.MEDIA_TYPE).body("status", equalTo(409));
        operator().get("/api/v1/domains").then().body("name", hasItem(domain));

        operator().delete("/api/v1/domains/" + domain).then().statusCode(204);
        operator().delete("/api/v1/domains/" + domain).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        operator().get("/api/v1/domains").then().body("name", not(hasItem(domain)));
    }

    @Test
    void internationalDomainsAreStoredAsALabels() {
        String label = Api.uniqueDomain().replace(".test", "");
        operator().body("{\"name\":\"Bücher-" + label + ".Example\"}").post("/api/v1/domains").then()
                .statusCode(201).body("name", equalTo(java.net.IDN.toASCII("bücher-" + label + ".example")));
    }

    @Test
    void invalidDomainsAreBadRequests() {
        for (String bad : new String[] {"", "no_underscores.test", "-leading.test", "a..b", "x".repeat(64) + ".test"}) {
            operator().body("{\"name\":\"" + bad + "\"}").post("/api/v1/domains").then()
                    .statusCode(400).contentType(Problem.MEDIA_TYPE);
        }
        operator().body("{not json").post("/api/v1/domains").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aDomainWithAccountsCannotBeDeleted() {
        String domain = Api.createDomain();
        operator().body("{\"address\":\"ann@" + domain + "\",\"password\":\"secret-1\"}").post("/api/v1/accounts").then().statusCode(201);

        operator().delete("/api/v1/domains/" + domain).then().statusCode(409).body("detail", containsString("accounts"));

        operator().delete("/api/v1/accounts/ann@" + domain).then().statusCode(204);
        operator().delete("/api/v1/domains/" + domain).then().statusCode(204);
    }
}
