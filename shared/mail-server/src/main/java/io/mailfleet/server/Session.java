package io.mailfleet.server;

/**
 * A protocol's side of one connection, driven by the runtime on the connection's event loop: it
 * feeds the protocol core with the bytes received and carries out the core's effects through the
 * {@link Connection} (writes, TLS, decisions on the lanes, streamed bodies, timers). Every method is
 * called on the event loop, never concurrently.
 */
public interface Session {

    /** The connection is admitted: send the greeting. */
    void start();

    /** Bytes from the client, in order, split anywhere. */
    void received(byte[] bytes);

    /**
     * Whether the core takes input now. The runtime resumes reading after a decision, delay, stream
     * or handshake only when this holds, so a core waiting for an answer never sees more input.
     */
    boolean readyForInput();

    /** The connection is gone, whoever closed it; called once. */
    void closed();

    /** The shutdown's grace period is over: tell the client and close. */
    void drain();
}
