package io.mailfleet.smtp.client;

import java.util.Objects;

/** The evidence for a recipient's outcome, as a bounce or a log quotes it. */
public sealed interface Diagnosis {

    /** The detail of the RFC 3463 status, e.g. {@code 1.1} of {@code 5.1.1}; {@code 0.0} when unknown. */
    String statusDetail();

    /** The server's reply (a DSN's {@code Diagnostic-Code: smtp; ...}). */
    record Remote(Reply reply) implements Diagnosis {
        public Remote {
            Objects.requireNonNull(reply, "reply");
        }

        @Override
        public String statusDetail() {
            return reply.enhancedCode().map(code -> code.substring(2)).orElse("0.0");
        }
    }

    /**
     * Our own finding, with no reply to quote: the connection failed, the server cannot take the
     * message, and the like.
     *
     * @param statusDetail the RFC 3463 subject and detail, e.g. {@code 4.2} for "bad connection"
     * @param text what happened, for people
     */
    record Local(String statusDetail, String text) implements Diagnosis {
        public Local {
            Objects.requireNonNull(statusDetail, "statusDetail");
            if (!statusDetail.matches("\\d{1,3}\\.\\d{1,3}")) {
                throw new IllegalArgumentException("not a status subject and detail: " + statusDetail);
            }
            Objects.requireNonNull(text, "text");
        }
    }
}
