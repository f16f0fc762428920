package io.mailfleet.server;

/** A protocol service as the runtime sees it: how to make a session, and what to say when it will not. */
public interface Protocol {

    /** The protocol's name in metrics: {@code smtp}, {@code pop3}, {@code imap}. */
    String name();

    /** A session for an admitted connection; {@link Session#start} follows. */
    Session open(Connection connection);

    /** The bytes written before closing a connection the runtime does not admit. */
    byte[] refusal(Refusal reason, String listener);

    /** Why a connection is turned away before it gets a session. */
    enum Refusal {
        /** A connection limit (total, per address, or rate per address) is reached. */
        BUSY,
        /** The server is draining for shutdown. */
        SHUTTING_DOWN
    }
}
