package io.mailfleet.admin.rest;

import io.mailfleet.admin.config.AdminSettings;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Every {@code /api/} request must carry the configured bearer token; health and metrics stay open. */
public class BearerTokenFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    public BearerTokenFilter(AdminSettings settings) {
        this.token = settings.token().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean valid = header != null && header.startsWith(PREFIX)
                // Constant time: the comparison must not tell how much of a guess was right.
                && MessageDigest.isEqual(token, header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8));
        if (valid) {
            return Optional.empty();
        }
        Response problem = Problem.response(Response.Status.UNAUTHORIZED, "a valid bearer token is required");
        return Optional.of(Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailfleet\"").build());
    }
}
