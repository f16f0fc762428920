package io.mailfleet.admin.rest;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

/** Requests as an operator makes them: with the bearer token, JSON in and out. */
final class Api {

    static final String TOKEN = "test-token";

    private Api() {
    }

    static RequestSpecification operator() {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    static String uniqueDomain() {
        return "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    static String createDomain() {
        String domain = uniqueDomain();
        operator().body("{\"name\":\"" + domain + "\"}").post("/api/v1/domains").then().statusCode(201);
        return domain;
    }
}
