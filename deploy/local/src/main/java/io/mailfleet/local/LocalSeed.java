package io.mailfleet.local;

import java.io.IOException;
import java.util.Map;

/** The local stack's sample data: domain example.test and the account demo@example.test, password demo. */
final class LocalSeed {

    static final String DOMAIN = "example.test";
    static final String ACCOUNT = "demo@example.test";
    static final String PASSWORD = "demo";

    private LocalSeed() {
    }

    /** Creates what is missing; a restart finds them there (409) and leaves them as they are. */
    static void run(AdminClient admin) throws IOException {
        try {
            expect(admin.post("/api/v1/domains", Map.of("name", DOMAIN)), "domain " + DOMAIN);
            expect(admin.post("/api/v1/accounts", Map.of("address", ACCOUNT, "password", PASSWORD)), "account " + ACCOUNT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the sample data", e);
        }
    }

    private static void expect(AdminClient.Reply reply, String what) throws IOException {
        if (!reply.ok() && reply.status() != 409) {
            throw new IOException("cannot create " + what + ": " + reply.detail());
        }
    }
}
