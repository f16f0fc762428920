package io.mailfleet.pop3;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of the SASL mechanisms AUTH offers (RFC 5034): PLAIN (RFC 4616) and the widely deployed
 * LOGIN, which sends the user name and the password in two base64 responses.
 */
final class SaslExchange {

    /** What the exchange needs next. */
    sealed interface Step {
    }

    /** Send {@code + challenge} and wait for the client's response line. */
    record Challenge(String challenge) implements Step {
    }

    /** The exchange is complete; the credentials are to be checked. */
    record Credentials(String username, String password) implements Step {
    }

    /** The client broke the exchange's syntax: a bad command. */
    record Malformed(Pop3Reply reply) implements Step {
    }

    /** The exchange itself refuses the login, as bad credentials would be. */
    record Refused(Pop3Reply reply) implements Step {
    }

    static final String PLAIN = "PLAIN";
    static final String LOGIN = "LOGIN";
    private static final String USERNAME_PROMPT = base64("Username:");
    private static final String PASSWORD_PROMPT = base64("Password:");

    private final String mechanism;
    private String username;

    SaslExchange(String mechanism) {
        this.mechanism = mechanism;
    }

    static boolean offers(String mechanism) {
        return mechanism.equals(PLAIN) || mechanism.equals(LOGIN);
    }

    String mechanism() {
        return mechanism;
    }

    /**
     * The AUTH command itself, with its initial response if any ({@code =} already read as empty). LOGIN
     * has no specification; many clients send the user name as its initial response, so it is taken.
     */
    Step start(Optional<String> initialResponse) {
        if (initialResponse.isEmpty()) {
            // RFC 4616 §2: PLAIN's challenge is empty; LOGIN asks for the name first.
            return new Challenge(mechanism.equals(PLAIN) ? "" : USERNAME_PROMPT);
        }
        return respond(initialResponse.get());
    }

    /** One base64 response from the client. */
    Step respond(String response) {
        Optional<String> decoded = decode(response);
        if (decoded.isEmpty()) {
            return new Malformed(Replies.BAD_BASE64);
        }
        if (mechanism.equals(PLAIN)) {
            return plain(decoded.get());
        }
        if (username == null) {
            username = decoded.get();
            return new Challenge(PASSWORD_PROMPT);
        }
        return new Credentials(username, decoded.get());
    }

    /** RFC 4616 §2: {@code [authzid] NUL authcid NUL passwd}. */
    private static Step plain(String message) {
        String[] parts = message.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return new Malformed(Replies.MALFORMED_PLAIN);
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return new Refused(Replies.FOREIGN_AUTHZID);
        }
        return new Credentials(parts[1], parts[2]);
    }

    private static Optional<String> decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
