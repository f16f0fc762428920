package io.mailfleet.imap.gateway.server;

import io.mailfleet.auth.AuthResult;
import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.mailfleet.imap.gateway.idle.AccountWakeups;
import io.mailfleet.imap.gateway.idle.ChangeHint;
import io.mailfleet.imap.gateway.processor.AppendProcessor;
import io.mailfleet.imap.gateway.processor.BodySource;
import io.mailfleet.imap.gateway.processor.ChangeReads;
import io.mailfleet.imap.gateway.processor.GatewaySession;
import io.mailfleet.imap.gateway.processor.MailboxSync;
import io.mailfleet.imap.gateway.processor.Processors;
import io.mailfleet.imap.gateway.processor.Request;
import io.mailfleet.imap.gateway.processor.SelectProcessor;
import io.mailfleet.imap.gateway.processor.Selected;
import io.mailfleet.imap.response.Continuation;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.imap.session.Effect;
import io.mailfleet.imap.session.ImapSession;
import io.mailfleet.imap.session.Question;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.server.Connection;
import io.mailfleet.server.Lane;
import io.mailfleet.server.Lanes;
import io.mailfleet.server.Session;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStoreUnavailableException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The IMAP side of one connection: bytes to the core, the core's effects to the connection, and its
 * questions to the processors on the lanes. Body sections stream from S3 one chunk at a time as the
 * client takes them; APPEND literals stream into S3 as they arrive. The selected mailbox is brought up
 * to date from the store by MODSEQ after the commands {@link ChangeReads} names, and while the client
 * IDLEs whenever the account's wake-ups say so; the wake-ups are watched as long as a mailbox is selected.
 */
final class ImapConnection implements Session {

    private static final Logger LOG = Logger.getLogger(ImapConnection.class);
    private static final byte[] IDLING = Continuation.text("idling").encode(false);

    private final Connection connection;
    private final ImapSession session;
    private final GatewaySession gateway;
    private final ImapGatewaySettings settings;
    private final ImapMetrics metrics;
    private final AccountWakeups wakeups;
    private final AccountSessions accounts;
    private final Lanes lanes;
    private final Deque<Effect> effects = new ArrayDeque<>();
    /** Consecutive writes of the effects being carried out, sent together before any other effect and at the end. */
    private final UnsentOctets unsent = new UnsentOctets();
    private boolean streaming;
    /** The first body section of a FETCH, opened before its response began; null when none is. */
    private BodyChunks opened;
    private boolean draining;
    private Selected counted;

    private boolean idling;
    private boolean syncing;
    /** The autologout timer runs since the client's last input or the end of its last command. */
    private boolean inactivityArmed;
    /** The account's wake-ups, watched while {@code watched} is selected, and from the start of a SELECT or EXAMINE. */
    private AutoCloseable watch;
    private Selected watched;
    /** A SELECT or EXAMINE is being answered, and {@code watch} runs since before its read of the mailbox. */
    private boolean selecting;
    /** A wake-up came (or a read failed) since the selected mailbox's changes were last read. */
    private boolean woken;
    /**
     * While {@code woken}: the highest MODSEQ the wake-ups since the last read named for the selected mailbox,
     * when each of them was such a hint; 0 when any was not (a timer's, another mailbox's, a failed read), and
     * the next read then asks the mailbox's state first, as every read did before hints.
     */
    private long hintedModSeq;

    private final List<AppendProcessor.Message> appended = new ArrayList<>();
    private ChunkPipe upload;
    private long uploadLeft;

    ImapConnection(Connection connection, ImapSession session, GatewaySession gateway, ImapGatewaySettings settings,
                   ImapMetrics metrics, AccountWakeups wakeups, AccountSessions accounts, Lanes lanes) {
        this.connection = connection;
        this.session = session;
        this.gateway = gateway;
        this.settings = settings;
        this.metrics = metrics;
        this.wakeups = wakeups;
        this.accounts = accounts;
        this.lanes = lanes;
    }

    @Override
    public void start() {
        metrics.connectionOpened(connection.listener(), connection.tls().isPresent());
        apply(session.greeting());
    }

    @Override
    public void received(byte[] bytes) {
        // Any input ends IDLE: DONE, or something else the core answers BAD.
        stopIdle();
        inactivityArmed = false;
        apply(session.receive(bytes));
    }

    @Override
    public boolean readyForInput() {
        return !session.awaitingAnswer() && !streaming && effects.isEmpty();
    }

    private void apply(List<Effect> more) {
        effects.addAll(more);
        while (!streaming && connection.isOpen()) {
            Effect effect = effects.poll();
            if (effect == null) {
                break;
            }
            if (effect instanceof Effect.Write write) {
                unsent.add(write.bytes());
                boolean idle = Arrays.equals(write.bytes(), IDLING);
                if (idle || unsent.full()) {
                    sendUnsent();
                }
                if (idle) {
                    startIdle();
                }
                continue;
            }
            if (effect instanceof Effect.SendBody body) {
                sendBody(body);
                continue;
            }
            sendUnsent();
            if (effect instanceof Effect.AppendData data) {
                appendData(data.octets());
            } else if (effect instanceof Effect.Ask ask) {
                ask(ask.question());
            } else if (effect instanceof Effect.StartTls) {
                connection.startTls(tls -> {
                    metrics.tlsHandshake(connection.listener(), true);
                    apply(session.tlsStarted());
                });
            } else if (effect instanceof Effect.StartCompression) {
                connection.startDeflate();
            } else if (effect instanceof Effect.Close) {
                connection.close();
            }
        }
        sendUnsent();
        trackSelection();
        if (draining && quiet()) {
            bye("shutdown", "Server shutting down");
            return;
        }
        armTimer();
    }

    private void sendUnsent() {
        if (!unsent.isEmpty()) {
            connection.write(unsent.take());
        }
    }

    private boolean quiet() {
        return !streaming && effects.isEmpty() && !session.awaitingAnswer();
    }

    // ---- FETCH bodies

    private void sendBody(Effect.SendBody body) {
        BodySource source = gateway.bodies().poll();
        if (source == null || source.uid() != body.uid()) {
            sendUnsent();
            LOG.errorf("FETCH body sections out of step (uid %d); closing the connection", body.uid());
            connection.close();
            return;
        }
        if (source instanceof BodySource.Bytes bytes) {
            // In memory already: written with the response around it, with no read on the body lane.
            if (bytes.octets().length >= UnsentOctets.LIMIT) {
                sendUnsent();
                connection.write(bytes.octets());
            } else {
                unsent.add(bytes.octets());
            }
            return;
        }
        sendUnsent();
        BodyChunks chunks = opened != null && opened.source() == source ? opened
                : new BodyChunks(gateway.backends().blobs(), source);
        opened = null;
        streaming = true;
        connection.stream(chunks, failure -> {
            streaming = false;
            if (failure != null) {
                // The literal's length is promised: a short one would desynchronise the client.
                if (connection.isOpen()) {
                    metrics.bodyAborted();
                    LOG.warnf("body read failed midway, closing the connection: %s", failure.toString());
                }
                effects.clear();
                connection.close();
                return;
            }
            apply(List.of());
        });
    }

    // ---- questions

    private void ask(Question question) {
        if (question instanceof Question.Authenticate authenticate) {
            connection.decide(Lane.LOGIN, () -> authenticate(authenticate), (answer, failure) -> {
                if (failure != null) {
                    outageAnswered("LOGIN", failure);
                }
                Answer given = failure == null ? answer : new Answer.Unavailable();
                if (given instanceof Answer.Authenticated authenticated && connection.isOpen()) {
                    if (!accounts.tryOpen(authenticated.user())) {
                        login("limit");
                        given = new Answer.TooManySessions();
                    } else {
                        gateway.loggedIn(authenticated.user());
                        login("success");
                    }
                }
                resumeWith(session.answer(given));
            });
        } else if (question instanceof Question.Select select) {
            watchBeforeSelecting();
            long started = System.nanoTime();
            connection.decide(Lane.METADATA, () -> SelectProcessor.select(select, gateway), (opened, failure) -> {
                String name = select.command().kind().wireName();
                if (failure != null) {
                    command(name, failure, started);
                    resumeWith(session.answer(unavailable(failure)));
                    return;
                }
                gateway.select(opened.selected());
                metrics.command(name, opened.selected() == null ? "no" : "ok", since(started));
                resumeWith(session.answer(opened.answer()));
            });
        } else if (question instanceof Question.Execute execute) {
            execute(execute);
        } else if (question instanceof Question.AppendMessage message) {
            openAppend(message);
        } else if (question instanceof Question.AppendCommit commit) {
            commitAppend(commit);
        }
    }

    private Answer authenticate(Question.Authenticate credentials) {
        try {
            AuthResult result = gateway.backends().store().authenticator().authenticate(credentials.user(),
                    credentials.password(), InetAddress.getByName(connection.clientAddress()));
            if (result instanceof AuthResult.Success success) {
                return new Answer.Authenticated(success.account().key());
            }
            if (result instanceof AuthResult.Failure failure && failure.reason() == AuthResult.Failure.Reason.BAD_CREDENTIALS) {
                login("failure");
                return new Answer.Rejected();
            }
            if (result instanceof AuthResult.Unavailable unavailable) {
                outageAnswered("LOGIN", unavailable.cause());
            }
            login("unavailable");
            return new Answer.Unavailable();
        } catch (StoreUnavailableException | UnknownHostException e) {
            outageAnswered("LOGIN", e);
            login("unavailable");
            return new Answer.Unavailable();
        }
    }

    private void login(String outcome) {
        metrics.login(outcome);
        connection.metrics().login("imap", outcome);
    }

    /**
     * What the store gives for a command, with the mailbox's changes read right after it, and the first body section
     * of a FETCH opened for streaming (null when there is none to stream).
     */
    private record Outcome(Answer.Completed answer, MailboxSync.Changes changes, BodyChunks firstBody) {

        Outcome(Answer.Completed answer, MailboxSync.Changes changes) {
            this(answer, changes, null);
        }
    }

    private void execute(Question.Execute execute) {
        String name = execute.command().kind().wireName();
        if (Processors.of(execute.command().kind()).isEmpty()) {
            resumeWith(session.answer(Answer.Completed.no(ResponseCode.Simple.CANNOT, name + " is not offered")));
            return;
        }
        Request request = new Request(execute.command(), execute.uids(), execute.context(), gateway);
        Selected selected = gateway.selected();
        boolean read = selected != null && ChangeReads.after(execute.command(), woken);
        long started = System.nanoTime();
        if (read) {
            // Cleared before the read starts: a wake-up that comes while it runs asks for another.
            readStarts();
        }
        connection.decide(Processors.lane(request), () -> {
            Answer.Completed answer = Processors.run(request);
            MailboxSync.Changes changes = read ? MailboxSync.read(gateway.backends().store().messages(), selected) : null;
            return new Outcome(answer, changes, openFirstBody());
        }, (outcome, failure) -> answered(name, selected, outcome, failure, started));
    }

    /**
     * On the lane, after the processor: opens the FETCH's first body section in S3 before its response begins, so
     * that an S3 that cannot answer gets {@code NO [UNAVAILABLE]} rather than a literal the gateway cannot fill; only
     * a failure after that, midway, has to close the connection. A section of at most one chunk is read whole and
     * takes the place of its source as octets, written with the response around them: the command then costs one
     * task on the lanes, where opening and streaming it took three more (the open, the chunk, the end).
     */
    private BodyChunks openFirstBody() throws IOException {
        BodySource first = gateway.bodies().peek();
        if (!(first instanceof BodySource.Blob || first instanceof BodySource.DecodedBlob)) {
            return null;
        }
        BodyChunks chunks = new BodyChunks(gateway.backends().blobs(), first);
        try {
            byte[] whole = chunks.readIfOneChunk();
            if (whole == null) {
                return chunks;
            }
            gateway.bodies().poll();
            gateway.bodies().addFirst(new BodySource.Bytes(first.uid(), whole));
            return null;
        } catch (IOException | RuntimeException e) {
            chunks.closeQuietly();
            throw e;
        }
    }

    private void answered(String name, Selected selected, Outcome outcome, Throwable failure, long started) {
        if (failure != null) {
            wokenUnhinted();
            gateway.bodies().clear();
            command(name, failure, started);
            resumeWith(session.answer(unavailable(failure)));
            return;
        }
        if (outcome.firstBody() != null && !connection.isOpen()) {
            outcome.firstBody().closeQuietly();
            return;
        }
        if (outcome.changes() != null && selected == gateway.selected()) {
            MailboxSync.applyTo(selected, outcome.changes(), gateway.silentChanges());
        }
        opened = outcome.firstBody();
        completed(name, outcome, started);
    }

    private void completed(String name, Outcome outcome, long started) {
        metrics.command(name, outcome.answer().condition().name().toLowerCase(java.util.Locale.ROOT), since(started));
        resumeWith(session.answer(outcome.answer()));
    }

    private void command(String name, Throwable failure, long started) {
        boolean outage = outage(failure);
        if (outage) {
            outageAnswered(name, failure);
        } else {
            LOG.errorf(failure, "%s failed", name);
        }
        metrics.command(name, outage ? "unavailable" : "no", since(started));
    }

    /**
     * Logs why a command is answered {@code NO [UNAVAILABLE]}, with its name and the session, never
     * what the client sent: a line per cause and interval, so a store that is down does not write one
     * per command.
     */
    private void outageAnswered(String name, Throwable failure) {
        TemporaryFailures.shared().record("NO [UNAVAILABLE] to " + name + " in session " + connection.id(), failure);
    }

    /** {@code NO [UNAVAILABLE]} for a store that did not answer; never an OK over data the gateway does not have. */
    private static Answer unavailable(Throwable failure) {
        return outage(failure) ? Answer.Completed.no(ResponseCode.Simple.UNAVAILABLE, "The mail store is unavailable, try again")
                : Answer.Completed.no(ResponseCode.Simple.SERVERBUG, "The command failed");
    }

    private static boolean outage(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof StoreUnavailableException || cause instanceof BlobStoreUnavailableException
                || cause instanceof IOException || cause instanceof UncheckedIOException
                || cause instanceof RejectedExecutionException;
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    // ---- APPEND

    private void openAppend(Question.AppendMessage message) {
        if (appended.size() == AppendProcessor.MAX_MESSAGES) {
            resumeWith(session.answer(AppendProcessor.tooManyMessages()));
            return;
        }
        if (!appended.isEmpty()) {
            // The messages of a MULTIAPPEND name the mailbox once: the first message's check found it.
            startUpload(message, appended.get(0).target());
            return;
        }
        connection.decide(Lane.METADATA, () -> AppendProcessor.target(message, gateway), (target, failure) -> {
            if (failure != null && outage(failure)) {
                outageAnswered("APPEND", failure);
            }
            if (failure != null || target.isEmpty()) {
                resumeWith(session.answer(failure != null ? unavailable(failure) : AppendProcessor.noSuchTarget()));
                return;
            }
            startUpload(message, target.get());
        });
    }

    /** Starts storing the message's literal in the blob store as it arrives, and asks the client for it. */
    private void startUpload(Question.AppendMessage message, AppendProcessor.Target target) {
        ChunkPipe pipe = new ChunkPipe();
        // The first message's small literal is kept to be parsed from memory: one at a time per connection.
        int kept = appended.isEmpty() && message.size() <= AppendProcessor.KEPT_LITERAL ? (int) message.size() : 0;
        CompletableFuture<AppendProcessor.Upload> stored;
        try {
            stored = CompletableFuture.supplyAsync(() -> {
                try {
                    if (kept > 0) {
                        return AppendProcessor.uploadKept(pipe.readNBytes(kept), message.size(), gateway.backends());
                    }
                    BlobRef blob = gateway.backends().blobs().put(pipe, message.size());
                    return new AppendProcessor.Upload(blob, Optional.empty());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, lanes.executor(Lane.BODY));
        } catch (RejectedExecutionException e) {
            resumeWith(session.answer(unavailable(e)));
            return;
        }
        appended.add(new AppendProcessor.Message(target, message.flags(), message.internalDate(), message.size(), stored));
        upload = pipe;
        uploadLeft = message.size();
        if (uploadLeft == 0) {
            pipe.end();
        }
        resumeWith(session.answer(new Answer.Proceed()));
    }

    private void appendData(byte[] octets) {
        if (upload == null) {
            return;
        }
        ChunkPipe pipe = upload;
        uploadLeft -= octets.length;
        CompletableFuture<Void> room = pipe.add(octets);
        if (uploadLeft <= 0) {
            pipe.end();
            upload = null;
            // The client still owes the rest of the command line (its CRLF at least), which a client with Nagle's
            // algorithm on (Python's imaplib, which writes it apart) holds until the literal is acknowledged.
            connection.acknowledgeNow();
        }
        if (room != null) {
            connection.await(room, (ignored, failure) -> {
            });
        }
    }

    private void commitAppend(Question.AppendCommit commit) {
        List<AppendProcessor.Message> messages = List.copyOf(appended);
        appended.clear();
        if (upload != null) {
            upload.abort();
            upload = null;
        }
        if (commit.aborted() || messages.isEmpty()) {
            resumeWith(session.answer(Answer.Completed.no(null, "APPEND cancelled")));
            return;
        }
        Selected selected = gateway.selected();
        boolean toSelected = selected != null && messages.get(0).mailbox().id().equals(selected.mailbox().id());
        boolean readAnyway = selected != null && woken && !toSelected;
        if (readAnyway) {
            readStarts();
        }
        long started = System.nanoTime();
        // After an append to the selected mailbox the read takes the appends themselves when no other change
        // came between, and does not ask the store. The wake-up flag is left as it was then: a wake-up may be of a
        // change after the appends, which the next command reads.
        connection.decide(Lane.BODY, () -> {
            Answer.Completed answer = AppendProcessor.commit(messages, toSelected ? selected : null, gateway);
            return new Outcome(answer, toSelected || readAnyway ? MailboxSync.read(gateway.backends().store().messages(), selected)
                    : null);
        }, (outcome, failure) -> answered("APPEND", selected, outcome, failure, started));
    }

    // ---- IDLE and selection

    private void startIdle() {
        idling = true;
        metrics.idling(1);
        if (woken) {
            idleWake();
        }
    }

    private void stopIdle() {
        if (!idling) {
            return;
        }
        idling = false;
        metrics.idling(-1);
    }

    /** On the loop: the account may have changed; an IDLE session looks at once, any other at its next command. */
    private void woke(Optional<ChangeHint> hint) {
        Selected selected = gateway.selected();
        boolean forSelected = hint.isPresent() && selected != null && hint.get().mailbox().equals(selected.mailbox().id());
        hintedModSeq = forSelected && (!woken || hintedModSeq > 0) ? Math.max(hintedModSeq, hint.get().modSeq()) : 0;
        woken = true;
        idleWake();
    }

    /** A change may be unread, and nothing says up to which MODSEQ: the next read asks the mailbox's state. */
    private void wokenUnhinted() {
        woken = true;
        hintedModSeq = 0;
    }

    /** A read of the selected mailbox's changes begins: a wake-up from now on asks for another. */
    private void readStarts() {
        woken = false;
        hintedModSeq = 0;
    }

    /** On the loop: reads the selected mailbox's changes and sends what IDLE may send now. */
    private void idleWake() {
        Selected selected = gateway.selected();
        if (!idling || syncing || selected == null || !connection.isOpen() || session.awaitingAnswer()) {
            return;
        }
        syncing = true;
        long hinted = hintedModSeq;
        readStarts();
        long started = System.nanoTime();
        connection.decide(Lane.METADATA, () -> MailboxSync.read(gateway.backends().store().messages(), selected, hinted),
                (changes, failure) -> {
                    syncing = false;
                    if (failure != null) {
                        // Read again at the next wake-up or command, not at once against a store that just failed.
                        wokenUnhinted();
                        return;
                    }
                    if (!idling || selected != gateway.selected()) {
                        // IDLE ended meanwhile and a command may be using the view: the next command reads instead.
                        wokenUnhinted();
                        return;
                    }
                    MailboxSync.applyTo(selected, changes, gateway.silentChanges());
                    apply(session.updatesArrived());
                    metrics.idleResync(Duration.ofNanos(System.nanoTime() - started));
                    if (woken) {
                        // A wake-up came while this read ran: its change may have missed the read.
                        idleWake();
                    }
                });
    }

    /**
     * A SELECT or EXAMINE starts: the account's wake-ups are watched from before its read of the mailbox, so that
     * a change it may miss is one a wake-up announces, and the selection's first command reads no changes when
     * none came. Without it, each selection's first command asked the store whether anything had.
     */
    private void watchBeforeSelecting() {
        if (watch == null && gateway.account() != null) {
            watch = wakeups.watch(gateway.account(), hint -> connection.onLoop(() -> woke(hint)));
        }
        selecting = watch != null;
        readStarts();
    }

    /** Watches the account's wake-ups for as long as {@code selected} is the selected mailbox. */
    private void watchSelection(Selected selected) {
        if (selecting && selected != null && watch != null) {
            selecting = false;
            // A hint that came during the read may name the mailbox selected before, and a selection that did not
            // change (no new one made) may have had changes unread: the next command asks the state.
            if (woken || selected == watched) {
                wokenUnhinted();
            }
            watched = selected;
            return;
        }
        selecting = false;
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debugf("closing a wake-up watch failed: %s", e.getMessage());
            }
            watch = null;
        }
        watched = selected;
        // What changed between the selection's own read and the watch is read at the first command.
        wokenUnhinted();
        if (selected != null && gateway.account() != null) {
            watch = wakeups.watch(gateway.account(), hint -> connection.onLoop(() -> woke(hint)));
        }
    }

    /** Keeps the gateway's selection in step with the core's (UNSELECT, CLOSE and a failed SELECT end it). */
    private void trackSelection() {
        Selected selected = gateway.selected();
        if (selected != null && (session.selected().isEmpty() || session.selected().get() != selected.view())
                && !session.awaitingAnswer()) {
            gateway.select(null);
            selected = null;
        }
        if (selected != counted) {
            metrics.selected((selected == null ? 0 : 1) - (counted == null ? 0 : 1));
            counted = selected;
        }
        if (selected != watched || selecting && !session.awaitingAnswer()) {
            watchSelection(selected);
        }
    }

    // ---- timers, shutdown, close

    private void armTimer() {
        if (!connection.isOpen()) {
            return;
        }
        if (session.awaitingAnswer()) {
            inactivityArmed = false;
            connection.restartTimer(settings.commandTimeout(), () -> bye("command_timeout", "Command took too long"));
        } else if (!inactivityArmed) {
            // RFC 9051 §5.4: at least 30 minutes of inactivity before an autologout. IDLE counts as
            // inactivity and what the server pushes during it does not restart the clock: a client
            // that re-issues IDLE every 29 minutes, as §6.3.13 advises, is never logged out.
            inactivityArmed = true;
            connection.restartTimer(settings.idleTimeout(), () -> bye("autologout", "Autologout; idle for too long"));
        }
    }

    private void resumeWith(List<Effect> more) {
        if (connection.isOpen()) {
            apply(more);
        }
    }

    /** Ends the session on the server's own account, counted by {@code reason}. */
    private void bye(String reason, String text) {
        metrics.ended(reason);
        if (!streaming) {
            // Inside a body literal a BYE would be read as the literal's octets: only the close is said.
            connection.write(StatusResponse.bye(text).encode(false));
        }
        connection.close();
    }

    @Override
    public void closed() {
        session.connectionLost();
        stopIdle();
        if (upload != null) {
            upload.abort();
        }
        if (opened != null) {
            opened.closeQuietly();
            opened = null;
        }
        if (gateway.account() != null) {
            accounts.close(gateway.account());
        }
        gateway.select(null);
        trackSelection();
        metrics.connectionClosed(connection.listener());
    }

    /** The shutdown's grace is over: BYE now, or right after the response under way, never inside one. */
    @Override
    public void drain() {
        draining = true;
        if (quiet()) {
            bye("shutdown", "Server shutting down");
        }
    }
}
