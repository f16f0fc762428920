/**
 * The connection runtime every protocol service runs on.
 *
 * <p>A service gives a {@link io.mailfleet.server.Protocol} (its name, a session per connection, its
 * refusals) and the {@link io.mailfleet.server.ListenerSpec listeners} to bind; {@link
 * io.mailfleet.server.MailServer} does the rest: TLS (implicit, or STARTTLS on request), the PROXY
 * protocol from trusted load balancers, the connection gate, metrics and the drain at shutdown.
 *
 * <p>A {@link io.mailfleet.server.Session} adapts a protocol core (bytes in, effects out) to a
 * {@link io.mailfleet.server.Connection}, whose operations are the effects every core needs:
 * <ul>
 *   <li>{@code write} a response; {@code close} after it;</li>
 *   <li>{@code startTls}, dropping what was pipelined before the handshake;</li>
 *   <li>{@code decide} a question on a {@link io.mailfleet.server.Lane} (login, metadata, body) and
 *       hand the answer back to the core, or {@code await} an answer that is already asynchronous
 *       (a body upload being made durable, a store signalling that it caught up);</li>
 *   <li>{@code stream} a body out chunk by chunk at the pace the client reads (RETR, or an IMAP
 *       FETCH of a large part);</li>
 *   <li>{@code delay} after a failed login; {@code restartTimer} for idle and command timeouts;
 *       {@code every} for lease renewal; {@code onLoop} for signals from elsewhere (an IMAP IDLE
 *       notification arriving from Kafka).</li>
 * </ul>
 * Reading stops while any of these is pending and resumes only when the core takes input again, so
 * a core never sees input while it waits for an answer, and an incoming literal (IMAP APPEND) is
 * read only as fast as its destination takes it.
 */
package io.mailfleet.server;
