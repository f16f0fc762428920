package io.mailfleet.admin.rest;

import io.mailfleet.admin.store.Store;
import io.mailfleet.auth.AuthResult;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.auth.PasswordHasher;
import io.mailfleet.auth.ThrottlePolicy;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;

import static io.mailfleet.admin.rest.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class AccountApiIT {

    @Inject
    Store store;

    @Inject
    PasswordHasher hasher;

    @Test
    void aNewAccountGetsItsInboxAndSpecialUseMailboxes() {
        String domain = Api.createDomain();
        operator().body("{\"address\":\"Ann@" + domain + "\",\"password\":\"s3cret pass\",\"quotaBytes\":1048576}")
                .post("/api/v1/accounts").then()
                .statusCode(201).body("address", equalTo("Ann@" + domain)).body("quotaBytes", equalTo(1048576))
                .body("$", not(hasKey("passwordHash")));

        operator().get("/api/v1/accounts/ann@" + domain + "/mailboxes").then().statusCode(200)
                .body("name", containsInAnyOrder("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive"))
                .body("specialUse", containsInAnyOrder(nullValue(), equalTo("\\Drafts"), equalTo("\\Sent"),
                        equalTo("\\Trash"), equalTo("\\Junk"), equalTo("\\Archive")))
                .body("messages", everyItem(equalTo(0))).body("unseen", everyItem(equalTo(0))).body("bytes", everyItem(equalTo(0)));

        String hash = store.accounts().find(MailAddress.parse("ann@" + domain)).orElseThrow().passwordHash();
        assertThat(hash).startsWith("$argon2id$").doesNotContain("s3cret");
        assertThat(hasher.verify("s3cret pass", hash)).isTrue();
    }

    @Test
    void addressesAreUniqueWithoutRegardToCaseAndMustBeValid() {
        String domain = Api.createDomain();
        operator().body("{\"address\":\"bob@" + domain + "\",\"password\":\"pw-1\"}").post("/api/v1/accounts").then().statusCode(201);
        operator().body("{\"address\":\"BOB@" + domain + "\",\"password\":\"pw-2\"}").post("/api/v1/accounts").then()
                .statusCode(409).contentType(Problem.MEDIA_TYPE);
        for (String bad : new String[] {"bob", "bob@", "@" + domain, "a b@" + domain, "x".repeat(65) + "@" + domain, "bob@[192.0.2.1]"}) {
            operator().body("{\"address\":\"" + bad + "\",\"password\":\"pw\"}").post("/api/v1/accounts").then()
                    .statusCode(400).contentType(Problem.MEDIA_TYPE);
        }
        operator().body("{\"address\":\"bob@" + domain + "\"}").post("/api/v1/accounts").then().statusCode(400);
        operator().body("{\"address\":\"carl@unknown-" + domain + "\",\"password\":\"pw\"}").post("/api/v1/accounts").then().statusCode(404);
        operator().get("/api/v1/accounts/nobody@" + domain).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void accountsAreListedByDomainInPages() {
        String domain = Api.createDomain();
        for (String name : new String[] {"dan", "cat", "eve", "abe", "bea"}) {
            operator().body("{\"address\":\"" + name + "@" + domain + "\",\"password\":\"pw\"}").post("/api/v1/accounts").then().statusCode(201);
        }
        String next = operator().queryParam("domain", domain).queryParam("limit", 2).get("/api/v1/accounts").then().statusCode(200)
                .body("items.address", contains("abe@" + domain, "bea@" + domain)).extract().path("next");
        next = operator().queryParam("domain", domain).queryParam("limit", 2).queryParam("after", next).get("/api/v1/accounts").then()
                .body("items.address", contains("cat@" + domain, "dan@" + domain)).extract().path("next");
        operator().queryParam("domain", domain).queryParam("limit", 2).queryParam("after", next).get("/api/v1/accounts").then()
                .body("items.address", contains("eve@" + domain)).body("next", nullValue());
        operator().queryParam("domain", domain).queryParam("limit", 0).get("/api/v1/accounts").then().statusCode(400);
    }

    @Test
    void passwordQuotaAndDeletion() {
        String domain = Api.createDomain();
        String address = "fay@" + domain;
        operator().body("{\"address\":\"" + address + "\",\"password\":\"old-password\"}").post("/api/v1/accounts").then().statusCode(201);

        operator().body("{\"password\":\"new-password\"}").put("/api/v1/accounts/" + address + "/password").then().statusCode(204);
        String hash = store.accounts().find(MailAddress.parse(address)).orElseThrow().passwordHash();
        assertThat(hasher.verify("new-password", hash)).isTrue();
        assertThat(hasher.verify("old-password", hash)).isFalse();

        operator().body("{\"quotaBytes\":5000}").put("/api/v1/accounts/" + address + "/quota").then().statusCode(204);
        operator().get("/api/v1/accounts/" + address).then().body("quotaBytes", equalTo(5000));
        operator().body("{\"quotaBytes\":null}").put("/api/v1/accounts/" + address + "/quota").then().statusCode(204);
        operator().get("/api/v1/accounts/" + address).then().body("quotaBytes", nullValue());
        operator().body("{\"quotaBytes\":-1}").put("/api/v1/accounts/" + address + "/quota").then().statusCode(400);

        operator().delete("/api/v1/accounts/" + address).then().statusCode(204);
        operator().get("/api/v1/accounts/" + address).then().statusCode(404);
        assertThat(store.mailboxes().list(MailAddress.parse(address).lookupKey())).isEmpty();
    }

    @Test
    void theSharedAuthenticatorLogsInAnAccountCreatedHere() throws Exception {
        String domain = Api.createDomain();
        operator().body("{\"address\":\"gus@" + domain + "\",\"password\":\"right horse battery\"}").post("/api/v1/accounts")
                .then().statusCode(201);
        Authenticator authenticator = new Authenticator(store.accounts(), hasher, ThrottlePolicy.DEFAULT, Clock.systemUTC());
        InetAddress client = InetAddress.getByName("192.0.2.7");

        assertThat(authenticator.authenticate("GUS@" + domain, "right horse battery", client))
                .isInstanceOfSatisfying(AuthResult.Success.class,
                        success -> assertThat(success.account().address().toString()).isEqualTo("gus@" + domain));
        assertThat(authenticator.authenticate("gus@" + domain, "wrong", client)).isInstanceOf(AuthResult.Failure.class);
        assertThat(authenticator.authenticate("nobody@" + domain, "wrong", client)).isInstanceOf(AuthResult.Failure.class);
    }
}
