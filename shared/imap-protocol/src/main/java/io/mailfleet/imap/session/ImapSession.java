package io.mailfleet.imap.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.mailfleet.imap.command.CommandKind;
import io.mailfleet.imap.command.CommandTable;
import io.mailfleet.imap.command.ImapCommand;
import io.mailfleet.imap.command.ImapState;
import io.mailfleet.imap.command.NoArgumentsCommand;
import io.mailfleet.imap.response.Continuation;
import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.ResponseWriter;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.response.StatusResponse.Condition;
import io.mailfleet.imap.selected.Reporting;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.imap.selected.UpdateMoment;
import io.mailfleet.imap.wire.ImapReader;
import io.mailfleet.imap.wire.ImapSyntaxException;
import io.mailfleet.imap.wire.ReaderEvent;

/**
 * The server side of one IMAP connection (RFC 3501 and RFC 9051 together, with the extensions of
 * {@link Capabilities}): raw octets in, {@link Effect}s out. It decides what is legal in which state, keeps
 * the state, encodes every response and orders them; the gateway answers its {@link Question}s against the
 * store. No sockets, threads or clock.
 *
 * <h2>Driving a session</h2>
 * <ul>
 * <li>On connect, carry out {@link #greeting()}; pass every read to {@link #receive}; carry out the effects
 * each call returns, in order.
 * <li>{@link Effect.Ask}: answer through {@link #answer}, asynchronously if need be. Until then the session
 * reads nothing: input is kept, up to {@link ImapSettings#maxBufferedInput()}, past which it says BYE.
 * <li>{@link Effect.StartTls}: handshake, then {@link #tlsStarted()}; input received meanwhile is dropped
 * (commands pipelined after STARTTLS must not run inside TLS, RFC 9051 §6.2.1).
 * <li>Changes to the selected mailbox made elsewhere go to {@link #selected()}, followed by a call to
 * {@link #updatesArrived()}: during IDLE they are sent at once, otherwise with the next command's responses.
 * </ul>
 *
 * <p>Not thread-safe: the wiring calls it from one thread (or event loop) at a time.
 */
public final class ImapSession {

    /** Untagged responses are sent in writes of about this many octets (see {@link #writeAll}). */
    private static final int WRITE_BATCH = 64 * 1024;

    private final ImapSettings settings;
    private ImapReader reader;
    private boolean tls;
    private boolean handshaking;
    private boolean compressing;
    private boolean closed;
    private ImapState state = ImapState.NOT_AUTHENTICATED;
    private String user;
    private SelectedMailbox selected;
    private final Set<String> enabled = new LinkedHashSet<>();
    private int badCommands;

    /** What the session waits for: the question asked, with the command that asked it. */
    private Question pending;
    private ImapCommand pendingCommand;
    private final ByteArrayOutputStream ahead = new ByteArrayOutputStream();

    private final Authentication authentication;
    private final Append append = new Append();
    private String idleTag;

    public ImapSession(ImapSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reader = new ImapReader(settings.limits());
        this.tls = settings.implicitTls();
        this.authentication = new Authentication(this);
    }

    /** {@code * OK [CAPABILITY ...] host IMAP server ready} (RFC 9051 §7.1.1). */
    public List<Effect> greeting() {
        List<Effect> out = new ArrayList<>();
        write(out, StatusResponse.untagged(Condition.OK, new ResponseCode.Capability(capabilities()),
                settings.hostName() + " IMAP server ready"));
        return out;
    }

    public List<Effect> receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** Octets as received from the client. */
    public List<Effect> receive(ByteBuffer bytes) {
        List<Effect> out = new ArrayList<>();
        if (closed || handshaking) {
            return out;
        }
        if (pending != null) {
            if (ahead.size() + bytes.remaining() > settings.maxBufferedInput()) {
                bye(out, "Too much input while busy");
                return out;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            ahead.writeBytes(copy);
            return out;
        }
        reader.feed(bytes);
        process(out);
        return out;
    }

    /** The answer to the pending {@link Effect.Ask}; input kept meanwhile is read after it. */
    public List<Effect> answer(Answer answer) {
        Objects.requireNonNull(answer, "answer");
        List<Effect> out = new ArrayList<>();
        if (closed) {
            return out;
        }
        if (pending == null) {
            throw new IllegalStateException("no question is pending");
        }
        Question question = pending;
        ImapCommand command = pendingCommand;
        pending = null;
        pendingCommand = null;
        if (question instanceof Question.Authenticate) {
            authentication.answered(answer, out);
        } else if (question instanceof Question.Select select) {
            Selection.answered(this, select, answer, out);
        } else if (question instanceof Question.AppendMessage || question instanceof Question.AppendCommit) {
            append.answered(this, question, answer, out);
        } else if (answer instanceof Answer.Completed completed) {
            completed(command, completed, out);
        } else {
            throw new IllegalArgumentException("Execute takes Completed: " + answer);
        }
        if (pending == null && !closed) {
            reader.feed(ByteBuffer.wrap(ahead.toByteArray()));
            ahead.reset();
            process(out);
        }
        return out;
    }

    /** The handshake {@link Effect.StartTls} asked for is done; the client speaks first again. */
    public List<Effect> tlsStarted() {
        if (!handshaking) {
            throw new IllegalStateException("no TLS handshake was requested");
        }
        handshaking = false;
        tls = true;
        reader = new ImapReader(settings.limits());
        ahead.reset();
        return List.of();
    }

    /** Changes were given to {@link #selected()}: sent now during IDLE, else with the next command. */
    public List<Effect> updatesArrived() {
        List<Effect> out = new ArrayList<>();
        if (idleTag != null && selected != null && !closed) {
            writeUpdates(out, UpdateMoment.ANY_COMMAND);
        }
        return out;
    }

    /** The connection is gone; answers still in flight are ignored. */
    public void connectionLost() {
        closed = true;
    }

    /** The selected mailbox, to which the gateway delivers changes. */
    public Optional<SelectedMailbox> selected() {
        return Optional.ofNullable(selected);
    }

    public ImapState state() {
        return state;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean awaitingAnswer() {
        return pending != null;
    }

    // ---- reading

    private void process(List<Effect> out) {
        while (!closed && !handshaking && pending == null) {
            ReaderEvent event = reader.next();
            if (event == null) {
                return;
            }
            handle(event, out);
        }
    }

    private void handle(ReaderEvent event, List<Effect> out) {
        if (event instanceof ReaderEvent.Command command) {
            command(command, out);
        } else if (event instanceof ReaderEvent.ContinuationNeeded) {
            reader.acceptLiteral();
            write(out, Continuation.text("Ready for literal data"));
        } else if (event instanceof ReaderEvent.ContinuationLine line) {
            continuationLine(line.text(), out);
        } else if (event instanceof ReaderEvent.Rejected rejected) {
            rejected(rejected, out);
        } else {
            append.event(this, event, out);
        }
    }

    private void command(ReaderEvent.Command event, List<Effect> out) {
        ImapCommand command;
        try {
            command = CommandTable.parse(event);
        } catch (ImapSyntaxException e) {
            bad(out, event.tag(), e.getMessage());
            return;
        }
        if (!command.kind().isLegalIn(state)) {
            bad(out, command.tag(), "Command not valid in this state");
            return;
        }
        Commands.run(this, command, out);
    }

    private void continuationLine(String text, List<Effect> out) {
        if (idleTag != null) {
            String tag = idleTag;
            idleTag = null;
            if (NoArgumentsCommand.isIdleDone(text)) {
                finish(out, StatusResponse.ok(tag, "IDLE terminated"));
            } else {
                bad(out, tag, "Expected DONE");
            }
        } else {
            authentication.respond(text, out);
        }
    }

    private void rejected(ReaderEvent.Rejected rejected, List<Effect> out) {
        append.abort(this, out);
        String tag = rejected.tag().orElse(idleTag != null ? idleTag : authentication.tag());
        idleTag = null;
        authentication.reset();
        switch (rejected.rejection()) {
            case MESSAGE_TOO_BIG -> write(out, status(tag, Condition.NO, ResponseCode.Simple.TOOBIG, rejected.text()));
            case LITERAL_TOO_BIG, NON_SYNCHRONIZING_TOO_BIG -> {
                badCommands++;
                write(out, status(tag, Condition.BAD, ResponseCode.Simple.TOOBIG, rejected.text()));
                closeIfTooManyBad(out);
            }
            default -> bad(out, tag, rejected.text());
        }
    }

    // ---- what the commands and their helpers use

    ImapSettings settings() {
        return settings;
    }

    ImapReader reader() {
        return reader;
    }

    Authentication authentication() {
        return authentication;
    }

    boolean tls() {
        return tls;
    }

    List<String> capabilities() {
        return Capabilities.of(settings, tls, state != ImapState.NOT_AUTHENTICATED);
    }

    Set<String> enabled() {
        return enabled;
    }

    boolean utf8() {
        return enabled.contains("UTF8=ACCEPT") || enabled.contains("IMAP4rev2");
    }

    Reporting reporting() {
        return new Reporting(enabled.contains("IMAP4rev2"), enabled.contains("CONDSTORE"), enabled.contains("QRESYNC"));
    }

    Question.Context context() {
        return new Question.Context(user, selected, utf8(), reporting());
    }

    void loggedIn(String identity) {
        user = identity;
        state = ImapState.AUTHENTICATED;
    }

    void select(SelectedMailbox mailbox) {
        selected = mailbox;
        state = mailbox == null ? ImapState.AUTHENTICATED : ImapState.SELECTED;
    }

    void startIdle(String tag, List<Effect> out) {
        idleTag = tag;
        write(out, Continuation.text("idling"));
        if (selected != null) {
            writeUpdates(out, UpdateMoment.ANY_COMMAND);
        }
        reader.expectContinuationLine();
    }

    boolean compressing() {
        return compressing;
    }

    /**
     * After COMPRESS: a client may send nothing more until it has the answer (RFC 4978 §3), so input read
     * with the command is dropped rather than taken for compressed octets.
     */
    void startCompression(List<Effect> out) {
        compressing = true;
        reader = new ImapReader(settings.limits());
        ahead.reset();
        out.add(new Effect.StartCompression());
    }

    void startTls(List<Effect> out) {
        handshaking = true;
        out.add(new Effect.StartTls());
    }

    void ask(Question question, ImapCommand command, List<Effect> out) {
        pending = question;
        pendingCommand = command;
        out.add(new Effect.Ask(question));
    }

    void write(List<Effect> out, Response response) {
        if (response instanceof FetchResponse fetch && !fetch.isSmall()) {
            // FETCH is legal only in the selected state, and the map has not moved since the store answered.
            long uid = selected.messages().uid((int) fetch.msn());
            for (FetchResponse.Part part : fetch.parts(utf8())) {
                if (part instanceof FetchResponse.Part.Bytes bytes) {
                    out.add(new Effect.Write(bytes.bytes()));
                } else {
                    out.add(new Effect.SendBody(uid, ((FetchResponse.Part.Body) part).section()));
                }
            }
            return;
        }
        out.add(new Effect.Write(response.encode(utf8())));
    }

    /**
     * Writes a command's untagged responses, those without body data gathered into writes of up to
     * {@value #WRITE_BATCH} octets: each write is a send to the client, and a {@code UID FETCH 1:* (FLAGS)}
     * of a large mailbox is a response per message, which one by one cost a send each.
     */
    private void writeAll(List<Effect> out, List<Response> responses, boolean uidFetch) {
        ResponseWriter batch = new ResponseWriter(utf8());
        for (Response each : responses) {
            Response response = uidFetch ? withUid(each) : each;
            if (response instanceof FetchResponse fetch && !fetch.isSmall()) {
                drain(out, batch);
                write(out, response);
                continue;
            }
            response.writeTo(batch);
            if (batch.length() >= WRITE_BATCH) {
                drain(out, batch);
            }
        }
        drain(out, batch);
    }

    private static void drain(List<Effect> out, ResponseWriter batch) {
        if (batch.length() > 0) {
            out.add(new Effect.Write(batch.drain()));
        }
    }

    void writeUpdates(List<Effect> out, UpdateMoment moment) {
        for (Response update : selected.updates(moment, reporting())) {
            write(out, update);
        }
    }

    /** The tagged response that ends a command, after the mailbox updates the moment allows. */
    void finish(List<Effect> out, StatusResponse tagged) {
        if (selected != null) {
            writeUpdates(out, UpdateMoment.ANY_COMMAND);
        }
        write(out, tagged);
    }

    static StatusResponse status(String tag, Condition condition, ResponseCode code, String text) {
        return tag == null ? StatusResponse.untagged(condition, code, text)
                : StatusResponse.tagged(tag, condition, code, text);
    }

    void bad(List<Effect> out, String tag, String text) {
        badCommands++;
        write(out, status(tag, Condition.BAD, null, text));
        closeIfTooManyBad(out);
    }

    void bye(List<Effect> out, String text) {
        write(out, StatusResponse.bye(text));
        close(out);
    }

    void logout(String tag, List<Effect> out) {
        write(out, StatusResponse.bye(settings.hostName() + " logging out"));
        write(out, StatusResponse.ok(tag, "LOGOUT completed"));
        state = ImapState.LOGOUT;
        close(out);
    }

    private void close(List<Effect> out) {
        closed = true;
        out.add(new Effect.Close());
    }

    private void closeIfTooManyBad(List<Effect> out) {
        if (badCommands >= settings.maxBadCommands() && !closed) {
            bye(out, "Too many invalid commands");
        }
    }

    // ---- answers

    private void completed(ImapCommand command, Answer.Completed completed, List<Effect> out) {
        boolean uidFetch = command.kind() == CommandKind.UID_FETCH;
        writeAll(out, completed.untagged(), uidFetch);
        boolean closing = command.kind() == CommandKind.CLOSE && completed.condition() == Condition.OK;
        if (closing) {
            // RFC 9051 §6.4.1: CLOSE expunges silently, so the updates of this mailbox end with it.
            select(null);
        } else if (selected != null) {
            writeUpdates(out, moment(command));
        }
        write(out, status(command.tag(), completed.condition(), completed.code(), completed.text()));
    }

    /**
     * What the end of this command may report. A command that expunges (EXPUNGE, MOVE, ...) reports its own
     * expunges, so expunges may go even if it names messages by number (RFC 6851 §4.3); one that only reads
     * or changes messages by number may not let numbers shift under it (RFC 9051 §7.5.1).
     */
    private static UpdateMoment moment(ImapCommand command) {
        if (command.usesSequenceNumbers() && !command.kind().mayExpunge()) {
            return UpdateMoment.KEEP_NUMBERS;
        }
        return command.kind().isUid() ? UpdateMoment.UID_COMMAND : UpdateMoment.ANY_COMMAND;
    }

    /** RFC 9051 §6.4.9: every FETCH response of UID FETCH carries the UID, asked for or not. */
    private Response withUid(Response response) {
        if (!(response instanceof FetchResponse fetch) || fetch.items().stream()
                .anyMatch(item -> item instanceof FetchItem.Number number && number.name().equals("UID"))) {
            return response;
        }
        List<FetchItem> items = new ArrayList<>(fetch.items().size() + 1);
        items.add(FetchItem.Number.uid(selected.messages().uid((int) fetch.msn())));
        items.addAll(fetch.items());
        return new FetchResponse(fetch.msn(), items);
    }
}
