package io.mailfleet.admin.rest;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem details body. */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Response response(Response.Status status, String detail) {
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }
}
