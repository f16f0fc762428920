package io.mailfleet.admin.rest;

import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.mailfleet.admin.rest.Api.operator;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class AliasApiIT {

    @Test
    void aliasesAndCatchAllsAreCreatedListedAndDeleted() {
        String domain = Api.createDomain();
        operator().body("{\"source\":\"Sales@" + domain + "\",\"targets\":[\"ann@" + domain + "\",\"ben@example.org\"]}")
                .post("/api/v1/aliases").then().statusCode(201)
                .body("targets", containsInAnyOrder("ann@" + domain, "ben@example.org"));
        operator().body("{\"source\":\"@" + domain + "\",\"targets\":[\"postmaster@example.org\"]}")
                .post("/api/v1/aliases").then().statusCode(201);

        operator().queryParam("domain", domain).get("/api/v1/aliases").then().statusCode(200)
                .body("source", containsInAnyOrder("sales@" + domain, "@" + domain));
        operator().get("/api/v1/aliases/SALES@" + domain).then().statusCode(200).body("source", equalTo("sales@" + domain));
        operator().body("{\"source\":\"sales@" + domain + "\",\"targets\":[\"x@example.org\"]}").post("/api/v1/aliases").then().statusCode(409);

        operator().delete("/api/v1/aliases/sales@" + domain).then().statusCode(204);
        operator().delete("/api/v1/aliases/sales@" + domain).then().statusCode(404);
        operator().get("/api/v1/aliases/@" + domain).then().statusCode(200);
    }

    @Test
    void loopsAreRefused() {
        String domain = Api.createDomain();
        operator().body("{\"source\":\"a@" + domain + "\",\"targets\":[\"b@" + domain + "\"]}").post("/api/v1/aliases").then().statusCode(201);
        operator().body("{\"source\":\"b@" + domain + "\",\"targets\":[\"c@" + domain + "\"]}").post("/api/v1/aliases").then().statusCode(201);

        operator().body("{\"source\":\"c@" + domain + "\",\"targets\":[\"a@" + domain + "\"]}").post("/api/v1/aliases").then()
                .statusCode(409).body("detail", containsString("c@" + domain + " -> a@" + domain + " -> b@" + domain + " -> c@" + domain));
        operator().body("{\"source\":\"d@" + domain + "\",\"targets\":[\"d@" + domain + "\"]}").post("/api/v1/aliases").then().statusCode(409);
    }

    @Test
    void aCatchAllThatWouldCatchItsOwnTargetIsALoop() {
        String domain = Api.createDomain();
        operator().body("{\"source\":\"@" + domain + "\",\"targets\":[\"nobody@" + domain + "\"]}").post("/api/v1/aliases").then()
                .statusCode(409).body("detail", containsString("loop"));
        operator().body("{\"address\":\"real@" + domain + "\",\"password\":\"pw\"}").post("/api/v1/accounts").then().statusCode(201);
        operator().body("{\"source\":\"@" + domain + "\",\"targets\":[\"real@" + domain + "\"]}").post("/api/v1/aliases").then().statusCode(201);
    }

    @Test
    void anAliasCannotShadowAnAccountNorTakeBadInput() {
        String domain = Api.createDomain();
        operator().body("{\"address\":\"owner@" + domain + "\",\"password\":\"pw\"}").post("/api/v1/accounts").then().statusCode(201);
        operator().body("{\"source\":\"OWNER@" + domain + "\",\"targets\":[\"x@example.org\"]}").post("/api/v1/aliases").then().statusCode(409);
        operator().body("{\"source\":\"list@" + domain + "\",\"targets\":[]}").post("/api/v1/aliases").then().statusCode(400);
        operator().body("{\"source\":\"list@" + domain + "\",\"targets\":[\"not an address\"]}").post("/api/v1/aliases").then().statusCode(400);
        operator().body("{\"source\":\"list@nowhere-" + domain + "\",\"targets\":[\"x@example.org\"]}").post("/api/v1/aliases").then().statusCode(404);
    }
}
