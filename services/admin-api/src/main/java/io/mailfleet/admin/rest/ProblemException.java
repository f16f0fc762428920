package io.mailfleet.admin.rest;

import jakarta.ws.rs.core.Response;

/** Ends a request with a problem response: 404 for what does not exist, 409 for conflicts. */
public class ProblemException extends RuntimeException {

    private final Response.Status status;

    public ProblemException(Response.Status status, String detail) {
        super(detail);
        this.status = status;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Response.Status.CONFLICT, detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, detail);
    }

    public Response.Status status() {
        return status;
    }
}
