package io.mailfleet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough IMAP4rev1 over a plain connection for the readers and the final check: literals are read whole. */
final class ImapClient implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\\bFLAGS \\(([^)]*)\\)");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");
    private static final Pattern UIDVALIDITY = Pattern.compile("UIDVALIDITY (\\d+)");

    /** A message as FETCH showed it. */
    record Seen(long uid, String token, String flags) {
    }

    /** What SELECT said of a mailbox. */
    record Selected(long uidValidity, long exists) {
    }

    /** A tagged reply and the untagged responses before it, each with its literals inlined. */
    record Reply(String status, List<String> untagged) {
        boolean ok() {
            return status.startsWith("OK");
        }
    }

    private final LineConnection connection;
    private int tag;

    ImapClient(int port, int readTimeoutMillis) throws IOException {
        connection = new LineConnection(port, readTimeoutMillis);
        String greeting = connection.readLine();
        if (!greeting.startsWith("* OK")) {
            connection.close();
            throw new IOException("IMAP greeting: " + greeting);
        }
    }

    boolean login(String user, String password) throws IOException {
        return command("LOGIN " + quoted(user) + " " + quoted(password)).ok();
    }

    /** Empty when the mailbox could not be selected. */
    java.util.Optional<Selected> select(String mailbox) throws IOException {
        Reply reply = command("SELECT " + quoted(mailbox));
        if (!reply.ok()) {
            return java.util.Optional.empty();
        }
        long uidValidity = -1;
        long exists = 0;
        for (String line : reply.untagged()) {
            Matcher existing = EXISTS.matcher(line);
            if (existing.find()) {
                exists = Long.parseLong(existing.group(1));
            }
            Matcher validity = UIDVALIDITY.matcher(line);
            if (validity.find()) {
                uidValidity = Long.parseLong(validity.group(1));
            }
        }
        return java.util.Optional.of(new Selected(uidValidity, exists));
    }

    /** Every message of the selected mailbox: UID, the token in its Subject, its flags. */
    List<Seen> fetchAll() throws IOException {
        Reply reply = command("UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
        if (!reply.ok()) {
            throw new IOException("UID FETCH: " + reply.status());
        }
        List<Seen> seen = new ArrayList<>();
        for (String line : reply.untagged()) {
            Matcher uid = UID.matcher(line);
            if (line.contains(" FETCH ") && uid.find()) {
                Matcher flags = FLAGS.matcher(line);
                seen.add(new Seen(Long.parseLong(uid.group(1)), Ledger.tokenIn(line), flags.find() ? flags.group(1) : ""));
            }
        }
        return seen;
    }

    Reply command(String command) throws IOException {
        String id = "c" + (++tag);
        connection.sendLine(id + " " + command);
        List<String> untagged = new ArrayList<>();
        while (true) {
            String response = response();
            if (response.startsWith(id + " ")) {
                return new Reply(response.substring(id.length() + 1), untagged);
            }
            untagged.add(response);
        }
    }

    /** One response line with the literals it announces read into it. */
    private String response() throws IOException {
        StringBuilder response = new StringBuilder(connection.readLine());
        Matcher literal = LITERAL.matcher(response);
        while (literal.find()) {
            response.append(connection.readOctets(Integer.parseInt(literal.group(1))));
            response.append(connection.readLine());
            literal = LITERAL.matcher(response);
        }
        return response.toString();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        try {
            command("LOGOUT");
        } catch (IOException ignored) {
            // The server went away first; closing the socket is all that is left.
        }
        connection.close();
    }
}
