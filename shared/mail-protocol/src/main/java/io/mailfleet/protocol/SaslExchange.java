package io.mailfleet.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of the SASL mechanisms the AUTH commands of SMTP (RFC 4954) and POP3 (RFC 5034) offer:
 * PLAIN (RFC 4616) and the widely deployed LOGIN, which sends the user name and the password in two base64
 * responses. Framing the responses and replying are the protocol's; this decodes what they carry.
 */
public final class SaslExchange {

    /** What the exchange needs next. */
    public sealed interface Step {
    }

    /** Send this base64 challenge and wait for the client's response. */
    public record Challenge(String challenge) implements Step {
    }

    /** The exchange is complete; the credentials are to be checked. */
    public record Credentials(String username, String password) implements Step {
    }

    /** The exchange ended without credentials; each protocol has its own reply for each failure. */
    public record Failed(Failure failure) implements Step {
    }

    public enum Failure {
        /** A response that is not base64, or does not decode to UTF-8: the client broke the syntax. */
        UNDECODABLE_RESPONSE,
        /** A PLAIN message without its two separators or without a user name: the client broke the syntax. */
        MALFORMED_PLAIN,
        /**
         * A PLAIN authorization identity other than the user's own. Acting for another identity is not
         * offered, so this refuses the login as bad credentials would.
         */
        FOREIGN_AUTHORIZATION_IDENTITY
    }

    public static final String PLAIN = "PLAIN";
    public static final String LOGIN = "LOGIN";
    private static final String USERNAME_PROMPT = base64("Username:");
    private static final String PASSWORD_PROMPT = base64("Password:");

    private final String mechanism;
    private String username;

    /** @param mechanism one that {@link #offers} */
    public SaslExchange(String mechanism) {
        if (!offers(mechanism)) {
            throw new IllegalArgumentException("mechanism not offered: " + mechanism);
        }
        this.mechanism = mechanism;
    }

    public static boolean offers(String mechanism) {
        return mechanism.equals(PLAIN) || mechanism.equals(LOGIN);
    }

    public String mechanism() {
        return mechanism;
    }

    /**
     * The AUTH command itself, with its initial response if any ({@code =} already read as empty). LOGIN
     * has no specification; many clients send the user name as its initial response, so it is taken.
     */
    public Step start(Optional<String> initialResponse) {
        if (initialResponse.isEmpty()) {
            // RFC 4616 §2: PLAIN's challenge is empty; LOGIN asks for the name first.
            return new Challenge(mechanism.equals(PLAIN) ? "" : USERNAME_PROMPT);
        }
        return respond(initialResponse.get());
    }

    /** One base64 response from the client. */
    public Step respond(String response) {
        Optional<String> decoded = decode(response);
        if (decoded.isEmpty()) {
            return new Failed(Failure.UNDECODABLE_RESPONSE);
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
            return new Failed(Failure.MALFORMED_PLAIN);
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return new Failed(Failure.FOREIGN_AUTHORIZATION_IDENTITY);
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
