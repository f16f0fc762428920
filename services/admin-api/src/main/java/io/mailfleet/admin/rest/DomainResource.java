package io.mailfleet.admin.rest;

import io.mailfleet.admin.service.Domains;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

@Path("/api/v1/domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DomainResource {

    private final Domains domains;

    public DomainResource(Domains domains) {
        this.domains = domains;
    }

    public record DomainBody(String name) {
    }

    @GET
    public List<DomainBody> list() {
        return domains.list().stream().map(domain -> new DomainBody(domain.ascii())).toList();
    }

    @POST
    public Response create(DomainBody body) {
        String name = domains.create(body == null ? null : body.name()).ascii();
        return Response.created(URI.create("/api/v1/domains/" + name)).entity(new DomainBody(name)).build();
    }

    /** Refused with 409 while accounts remain: deleting a domain must not orphan mailboxes. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        domains.delete(name);
        return Response.noContent().build();
    }
}
