package io.mailfleet.smtp;

import io.mailfleet.model.event.TlsInfo;
import io.mailfleet.protocol.InputBuffer;
import io.mailfleet.protocol.LineFramer;
import java.util.List;
import java.util.Optional;

/**
 * Where one conversation stands, shared by the parts of {@link SmtpSession}, with the effects that
 * change it for every part alike: replies, counted errors, decisions and closing.
 */
final class SessionState {

    final SmtpSettings settings;
    final ClientFacts client;
    final InputBuffer in = new InputBuffer(4096);
    final LineFramer lines = new LineFramer(in);

    SessionMode mode = SessionMode.COMMAND;
    Question pending;
    boolean tlsActive;
    Optional<TlsInfo> tls;
    boolean refused;
    String helo;
    boolean esmtp;
    String identity;
    Transaction transaction;
    private int errors;

    SessionState(SmtpSettings settings, ClientFacts client) {
        this.settings = settings;
        this.client = client;
        this.tlsActive = settings.tlsActive();
        this.tls = client.tls();
    }

    /** RFC 3207 §4.2: after the handshake nothing learned before it counts. */
    void tlsStarted(TlsInfo info) {
        tlsActive = true;
        tls = Optional.of(info);
        helo = null;
        esmtp = false;
        identity = null;
        transaction = null;
        in.clear();
        mode = SessionMode.COMMAND;
    }

    static void reply(List<Effect> out, SmtpReply reply) {
        out.add(new Effect.Reply(reply));
    }

    /** A client error: replied, counted, and past the limit the session ends. */
    void fail(List<Effect> out, SmtpReply reply) {
        reply(out, reply);
        errors++;
        if (errors >= settings.maxErrors() && mode != SessionMode.CLOSED) {
            abortMessage(out, AbortReason.SESSION_CLOSED);
            reply(out, Replies.TOO_MANY_ERRORS);
            close(out);
        }
    }

    void close(List<Effect> out) {
        out.add(new Effect.Close());
        mode = SessionMode.CLOSED;
        pending = null;
        in.clear();
    }

    void decide(List<Effect> out, Question question) {
        pending = question;
        out.add(new Effect.Decide(question));
    }

    void abortMessage(List<Effect> out, AbortReason reason) {
        if (transaction != null && transaction.messageOpen()) {
            out.add(new Effect.MessageAborted(reason));
            transaction = null;
        }
    }
}
