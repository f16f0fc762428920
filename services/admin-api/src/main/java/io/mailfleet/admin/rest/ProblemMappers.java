package io.mailfleet.admin.rest;

import io.mailfleet.store.StoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as a problem body with the status that says what went wrong. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problem.response(e.status(), e.getMessage());
    }

    /** Invalid addresses, domains and values: the model's validation speaks for itself. */
    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(StoreUnavailableException e) {
        Response problem = Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the account store is unavailable; try again");
        return Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    /** Malformed JSON, unknown routes, wrong methods: keep the framework's status, in our format. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        return Problem.response(status == null ? Response.Status.BAD_REQUEST : status, e.getMessage());
    }
}
