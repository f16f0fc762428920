package io.mailfleet.local;

import io.mailfleet.testing.process.ServerClasspath;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mailfleet domain|user|alias …}: manages the running local stack through its admin API,
 * with the token {@code ./mailfleet up} made.
 */
public final class AdminCli {

    static final String USAGE = String.join("\n",
            "usage: ./mailfleet domain add DOMAIN",
            "       ./mailfleet user add ADDRESS --password PASSWORD [--quota BYTES]",
            "       ./mailfleet user list DOMAIN",
            "       ./mailfleet alias add ADDRESS|@DOMAIN TARGET...");

    private AdminCli() {
    }

    public static void main(String[] args) throws Exception {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(ServerClasspath.projectHome(), System.getenv());
        if (!Files.isRegularFile(settings.adminTokenFile())) {
            System.err.println("mailfleet: no admin token at " + settings.adminTokenFile() + "; start the stack with ./mailfleet up");
            System.exit(1);
        }
        AdminClient client = new AdminClient("http://127.0.0.1:" + settings.adminPort(), AdminToken.read(settings.adminTokenFile()));
        System.exit(run(client, List.of(args)));
    }

    /** Runs one command and returns the exit status: 0 done, 1 refused by the API, 2 bad usage. */
    static int run(AdminClient client, List<String> args) throws Exception {
        String command = args.size() >= 2 ? args.get(0) + " " + args.get(1) : "";
        List<String> rest = args.size() > 2 ? args.subList(2, args.size()) : List.of();
        AdminClient.Reply reply;
        switch (command) {
            case "domain add" -> {
                if (rest.size() != 1) {
                    return usage();
                }
                reply = client.post("/api/v1/domains", Map.of("name", rest.get(0)));
            }
            case "user add" -> {
                Map<String, Object> body = userBody(rest);
                if (body == null) {
                    return usage();
                }
                reply = client.post("/api/v1/accounts", body);
            }
            case "user list" -> {
                if (rest.size() != 1) {
                    return usage();
                }
                reply = client.get("/api/v1/accounts?limit=1000&domain=" + java.net.URLEncoder.encode(rest.get(0), java.nio.charset.StandardCharsets.UTF_8));
                if (reply.ok()) {
                    reply.body().get("items").forEach(item -> System.out.println(item.get("address").asText()));
                    return 0;
                }
            }
            case "alias add" -> {
                if (rest.size() < 2) {
                    return usage();
                }
                reply = client.post("/api/v1/aliases", Map.of("source", rest.get(0), "targets", rest.subList(1, rest.size())));
            }
            default -> {
                return usage();
            }
        }
        if (reply.ok()) {
            System.out.println("mailfleet: done: " + String.join(" ", args.subList(0, 2)) + " " + rest.get(0));
            return 0;
        }
        System.err.println("mailfleet: refused (" + reply.status() + "): " + reply.detail());
        return 1;
    }

    /** ADDRESS --password P [--quota BYTES], or null when the words do not fit. */
    private static Map<String, Object> userBody(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", words.get(0));
        for (int i = 1; i < words.size(); i += 2) {
            if (i + 1 >= words.size()) {
                return null;
            }
            switch (words.get(i)) {
                case "--password" -> body.put("password", words.get(i + 1));
                case "--quota" -> {
                    try {
                        body.put("quotaBytes", Long.parseLong(words.get(i + 1)));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return body.containsKey("password") ? body : null;
    }

    private static int usage() {
        System.err.println(USAGE);
        return 2;
    }
}
