package io.mailfleet.admin.rest;

import io.mailfleet.admin.service.Accounts;
import io.mailfleet.admin.service.MailboxSummary;
import io.mailfleet.store.account.Account;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final Accounts accounts;

    public AccountResource(Accounts accounts) {
        this.accounts = accounts;
    }

    public record NewAccount(String address, String password, Long quotaBytes) {
    }

    public record PasswordChange(String password) {
    }

    public record Quota(Long quotaBytes) {
    }

    /** An account as shown: never its password hash. */
    public record AccountBody(String address, Long quotaBytes, Instant createdAt) {
        static AccountBody of(Account account) {
            return new AccountBody(account.address().toString(),
                    account.quotaBytes().isPresent() ? account.quotaBytes().getAsLong() : null, account.createdAt());
        }
    }

    /** A page of accounts; {@code next} is the {@code after} value of the following page, null on the last. */
    public record AccountPage(List<AccountBody> items, String next) {
    }

    @POST
    public Response create(NewAccount body) {
        if (body == null) {
            throw ProblemException.badRequest("address and password are required");
        }
        Account account = accounts.create(body.address(), body.password(), quota(body.quotaBytes()));
        return Response.created(URI.create("/api/v1/accounts/" + account.address())).entity(AccountBody.of(account)).build();
    }

    @GET
    public AccountPage list(@QueryParam("domain") String domain, @QueryParam("after") String after,
                            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (domain == null) {
            throw ProblemException.badRequest("the domain query parameter is required");
        }
        List<Account> page = accounts.list(domain, Optional.ofNullable(after), limit);
        String next = page.size() == limit ? page.get(page.size() - 1).key() : null;
        return new AccountPage(page.stream().map(AccountBody::of).toList(), next);
    }

    @GET
    @Path("{address}")
    public AccountBody get(@PathParam("address") String address) {
        return AccountBody.of(accounts.get(address));
    }

    @DELETE
    @Path("{address}")
    public Response delete(@PathParam("address") String address) {
        accounts.delete(address);
        return Response.noContent().build();
    }

    @PUT
    @Path("{address}/password")
    public Response changePassword(@PathParam("address") String address, PasswordChange body) {
        accounts.changePassword(address, body == null ? null : body.password());
        return Response.noContent().build();
    }

    /** A null {@code quotaBytes} removes the quota. */
    @PUT
    @Path("{address}/quota")
    public Response setQuota(@PathParam("address") String address, Quota body) {
        accounts.setQuota(address, quota(body == null ? null : body.quotaBytes()));
        return Response.noContent().build();
    }

    @GET
    @Path("{address}/mailboxes")
    public List<MailboxSummary> mailboxes(@PathParam("address") String address) {
        return accounts.mailboxes(address);
    }

    private static OptionalLong quota(Long bytes) {
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
    }
}
