package io.mailfleet.admin.rest;

import io.mailfleet.admin.service.Aliases;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.account.Alias;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

@Path("/api/v1/aliases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AliasResource {

    private final Aliases aliases;

    public AliasResource(Aliases aliases) {
        this.aliases = aliases;
    }

    /** {@code source} is an address, or {@code @domain} for the domain's catch-all. */
    public record AliasBody(String source, List<String> targets) {
        static AliasBody of(Alias alias) {
            return new AliasBody(alias.source(), alias.targets().stream().map(MailAddress::toString).toList());
        }
    }

    @POST
    public Response create(AliasBody body) {
        if (body == null) {
            throw ProblemException.badRequest("source and targets are required");
        }
        Alias alias = aliases.create(body.source(), body.targets());
        return Response.created(URI.create("/api/v1/aliases/" + alias.source())).entity(AliasBody.of(alias)).build();
    }

    @GET
    public List<AliasBody> list(@QueryParam("domain") String domain) {
        if (domain == null) {
            throw ProblemException.badRequest("the domain query parameter is required");
        }
        return aliases.list(domain).stream().map(AliasBody::of).toList();
    }

    @GET
    @Path("{source}")
    public AliasBody get(@PathParam("source") String source) {
        return AliasBody.of(aliases.get(source));
    }

    @DELETE
    @Path("{source}")
    public Response delete(@PathParam("source") String source) {
        aliases.delete(source);
        return Response.noContent().build();
    }
}
