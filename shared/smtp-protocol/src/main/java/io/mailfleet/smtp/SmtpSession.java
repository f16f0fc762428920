package io.mailfleet.smtp;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.InvalidAddressException;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.model.event.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of one SMTP connection (RFC 5321 with PIPELINING, SIZE, 8BITMIME, SMTPUTF8,
 * CHUNKING, BINARYMIME, DSN, ENHANCEDSTATUSCODES, STARTTLS, AUTH): raw octets in, {@link Effect}s
 * out. It frames lines itself, so pipelined commands, overlong lines and data split anywhere are
 * handled here. Not thread-safe: the wiring calls it from one thread (or event loop) at a time.
 */
public final class SmtpSession {

    private enum Mode { COMMAND, SASL, DATA, BDAT, TLS_HANDSHAKE, CLOSED }

    /** RFC 3030 §2: {@code BDAT SP chunk-size [SP end-marker]}. */
    private static final Pattern BDAT = Pattern.compile("([0-9]{1,18})( +LAST)?", Pattern.CASE_INSENSITIVE);
    /** HELO names go into the Received field: a domain or an address literal, nothing that could break it. */
    private static final Pattern HELO_NAME = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");

    private final SmtpSettings settings;
    private final ClientFacts client;
    private final Clock clock;
    private final MessageIdGenerator ids;
    private final InputBuffer in = new InputBuffer();

    private Mode mode = Mode.COMMAND;
    private Question pending;
    private boolean tlsActive;
    private Optional<TlsInfo> tls;
    private boolean refused;
    private String helo;
    private boolean esmtp;
    private String identity;
    private int errors;
    private boolean discardingLine;
    private SaslExchange sasl;
    private Transaction transaction;
    private DataDecoder data;
    private boolean dataStarted;
    private Bdat chunk;

    public SmtpSession(SmtpSettings settings, ClientFacts client, Clock clock, MessageIdGenerator ids) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.tlsActive = settings.tlsActive();
        this.tls = client.tls();
    }

    /** The 220 greeting (RFC 5321 §4.2, §3.1). */
    public List<Effect> greeting() {
        return List.of(new Effect.Reply(SmtpReply.plain(220, settings.hostName() + " ESMTP ready")));
    }

    /**
     * The 554 greeting of a refused connection (RFC 5321 §3.1): afterwards only QUIT is answered
     * with anything but 503.
     */
    public List<Effect> refuse() {
        refused = true;
        return List.of(new Effect.Reply(SmtpReply.plain(554, settings.hostName() + " No SMTP service here")));
    }

    public List<Effect> receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** Consumes octets as received from the client. */
    public List<Effect> receive(ByteBuffer bytes) {
        List<Effect> out = new ArrayList<>();
        if (mode == Mode.CLOSED || mode == Mode.TLS_HANDSHAKE) {
            // During the handshake only plaintext injected before it can arrive here (CVE-2011-0411).
            return out;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        if (pending != null && in.available() + copy.length > settings.maxBufferedInput()) {
            // PIPELINING (RFC 2920 §3.2) lets the client send ahead while we decide, but not without
            // bound: the wiring is to stop reading while awaitingAnswer().
            abortMessage(out, AbortReason.SESSION_CLOSED);
            reply(out, Replies.TOO_MUCH_INPUT);
            close(out);
            return out;
        }
        in.append(copy, 0, copy.length);
        process(out);
        return out;
    }

    /** The wiring's answer to the pending {@link Effect.Decide}; buffered input is processed after it. */
    public List<Effect> answer(Answer answer) {
        Objects.requireNonNull(answer, "answer");
        List<Effect> out = new ArrayList<>();
        if (mode == Mode.CLOSED) {
            return out;
        }
        if (pending == null) {
            throw new IllegalStateException("no decision is pending");
        }
        if (pending instanceof Question.CheckRecipient) {
            answerRecipient(answer, out);
        } else if (pending instanceof Question.Authenticate) {
            answerAuthentication(answer, out);
        } else {
            answerMessage(answer, out);
        }
        pending = null;
        process(out);
        return out;
    }

    /** The TLS handshake the {@link Effect.StartTls} asked for is done: the session starts over (RFC 3207 §4.2). */
    public List<Effect> tlsStarted(TlsInfo info) {
        Objects.requireNonNull(info, "info");
        if (mode != Mode.TLS_HANDSHAKE) {
            throw new IllegalStateException("no TLS handshake was requested");
        }
        tlsActive = true;
        tls = Optional.of(info);
        helo = null;
        esmtp = false;
        identity = null;
        transaction = null;
        in.clear();
        mode = Mode.COMMAND;
        return List.of();
    }

    /** The timer of {@link #timeout()} expired: 421 4.4.2 and close (RFC 5321 §4.5.3.2). */
    public List<Effect> timedOut() {
        List<Effect> out = new ArrayList<>();
        if (mode != Mode.CLOSED) {
            abortMessage(out, AbortReason.TIMEOUT);
            reply(out, Replies.TIMEOUT);
            close(out);
        }
        return out;
    }

    /** The connection is gone; an open message is dropped. */
    public List<Effect> connectionLost() {
        List<Effect> out = new ArrayList<>();
        abortMessage(out, AbortReason.CONNECTION_LOST);
        mode = Mode.CLOSED;
        pending = null;
        return out;
    }

    /** The timeout of RFC 5321 §4.5.3.2 that applies now. */
    public SmtpTimeout timeout() {
        if (pending instanceof Question.AcceptMessage) {
            return SmtpTimeout.DATA_TERMINATION;
        }
        if (mode == Mode.DATA) {
            return dataStarted ? SmtpTimeout.DATA_BLOCK : SmtpTimeout.DATA_INITIATION;
        }
        if (mode == Mode.BDAT || transaction != null && transaction.messageOpen()) {
            return SmtpTimeout.DATA_BLOCK;
        }
        if (transaction != null) {
            boolean noRecipient = transaction.recipients.isEmpty() && !(pending instanceof Question.CheckRecipient);
            return noRecipient ? SmtpTimeout.MAIL : SmtpTimeout.RCPT;
        }
        return helo == null ? SmtpTimeout.INITIAL : SmtpTimeout.SERVER_INACTIVITY;
    }

    /** True while a decision is pending: the wiring may stop reading until it answers. */
    public boolean awaitingAnswer() {
        return pending != null;
    }

    public boolean isClosed() {
        return mode == Mode.CLOSED;
    }

    // ---- input processing

    private void process(List<Effect> out) {
        boolean progressed = true;
        while (progressed && pending == null) {
            progressed = switch (mode) {
                case COMMAND, SASL -> readLine(out);
                case DATA -> readData(out);
                case BDAT -> readChunk(out);
                case TLS_HANDSHAKE, CLOSED -> false;
            };
        }
    }

    private boolean readLine(List<Effect> out) {
        if (discardingLine) {
            int lf = in.indexOf((byte) '\n', in.available());
            in.skip(lf < 0 ? in.available() : lf + 1);
            discardingLine = lf < 0;
            return lf >= 0;
        }
        int limit = lineLimit();
        int lf = in.indexOf((byte) '\n', limit);
        if (lf >= 0) {
            handleLine(in.take(lf + 1), out);
            return true;
        }
        if (in.available() < limit) {
            return false;
        }
        // RFC 5321 §4.5.3.1.10: refuse the line, but stay in step by dropping the rest of it.
        discardingLine = true;
        if (mode == Mode.SASL) {
            endSasl();
            fail(out, Replies.AUTH_LINE_TOO_LONG);
        } else {
            fail(out, Replies.LINE_TOO_LONG);
        }
        return true;
    }

    /** RFC 4954 §4: AUTH lines and SASL responses may be up to 12288 octets. */
    private int lineLimit() {
        if (mode == Mode.SASL) {
            return SmtpSettings.AUTH_LINE;
        }
        byte[] auth = {'A', 'U', 'T', 'H', ' '};
        if (in.available() < auth.length) {
            return settings.maxCommandLine();
        }
        for (int i = 0; i < auth.length; i++) {
            if (Character.toUpperCase(in.get(i)) != auth[i]) {
                return settings.maxCommandLine();
            }
        }
        return Math.max(settings.maxCommandLine(), SmtpSettings.AUTH_LINE);
    }

    private void handleLine(byte[] line, List<Effect> out) {
        int length = line.length - 2;
        if (length < 0 || line[length] != '\r') {
            lineError(out, Replies.BARE_LINE_END_IN_COMMAND);
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            lineError(out, Replies.BAD_CHARACTERS);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lineError(out, Replies.BARE_LINE_END_IN_COMMAND);
                return;
            }
            if (c < ' ' && c != '\t' || c == 0x7F) {
                lineError(out, Replies.BAD_CHARACTERS);
                return;
            }
        }
        if (mode == Mode.SASL) {
            saslResponse(text, out);
        } else {
            command(text, out);
        }
    }

    private void lineError(List<Effect> out, SmtpReply reply) {
        if (mode == Mode.SASL) {
            endSasl();
        }
        fail(out, reply);
    }

    // ---- commands

    private void command(String line, List<Effect> out) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        try {
            if (refused && !verb.equals("QUIT")) {
                throw new ReplyException(Replies.BAD_SEQUENCE);
            }
            switch (verb) {
                case "EHLO" -> hello(argument, true, out);
                case "HELO" -> hello(argument, false, out);
                case "MAIL" -> mail(argument, out);
                case "RCPT" -> rcpt(argument, out);
                case "DATA" -> data(argument, out);
                case "BDAT" -> bdat(argument, out);
                case "RSET" -> rset(argument, out);
                case "NOOP" -> reply(out, Replies.OK);
                case "QUIT" -> quit(argument, out);
                case "VRFY" -> reply(out, requireArgument(argument, Replies.CANNOT_VRFY));
                case "HELP" -> reply(out, Replies.HELP);
                case "STARTTLS" -> startTls(argument, out);
                case "AUTH" -> auth(argument, out);
                case "EXPN", "TURN", "SEND", "SOML", "SAML" -> throw new ReplyException(Replies.NOT_IMPLEMENTED);
                default -> throw new ReplyException(Replies.UNKNOWN_COMMAND);
            }
        } catch (ReplyException e) {
            int code = e.reply().code();
            // Policy outcomes are not client errors; syntax, sequence and auth failures are.
            if (code == 452 || code == 552 || code == 554) {
                reply(out, e.reply());
            } else {
                fail(out, e.reply());
            }
        }
    }

    private static SmtpReply requireArgument(String argument, SmtpReply reply) throws ReplyException {
        if (argument.isEmpty()) {
            throw PathArgument.syntax("argument required");
        }
        return reply;
    }

    private static void requireNoArgument(String argument) throws ReplyException {
        if (!argument.isEmpty()) {
            throw new ReplyException(Replies.NO_ARGUMENTS);
        }
    }

    /** RFC 5321 §4.1.4: HELO/EHLO may come again and then resets the transaction like RSET. */
    private void hello(String argument, boolean extended, List<Effect> out) throws ReplyException {
        if (!HELO_NAME.matcher(argument).matches()) {
            throw PathArgument.syntax("a domain name or address literal is required");
        }
        resetTransaction(out, AbortReason.RESET);
        helo = argument;
        esmtp = extended;
        if (!extended) {
            reply(out, SmtpReply.plain(250, settings.hostName()));
            return;
        }
        List<String> lines = new ArrayList<>(List.of(settings.hostName(), "PIPELINING",
                "SIZE " + settings.maxMessageSize(), "8BITMIME", "SMTPUTF8", "CHUNKING", "BINARYMIME", "DSN",
                "ENHANCEDSTATUSCODES"));
        if (startTlsOffered()) {
            lines.add("STARTTLS");
        }
        if (authOffered()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        reply(out, new SmtpReply(250, Optional.empty(), lines));
    }

    private boolean startTlsOffered() {
        return settings.tlsAvailable() && !tlsActive;
    }

    /** RFC 4954 §4 leaves plaintext AUTH to policy; MX takes no AUTH at all. */
    private boolean authOffered() {
        return settings.listener() != Listener.MX && (tlsActive || settings.allowPlaintextAuth());
    }

    private void mail(String argument, List<Effect> out) throws ReplyException {
        if (helo == null || transaction != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (settings.listener() != Listener.MX && identity == null) {
            // RFC 6409 §4.3: submission requires authentication; without TLS that first needs STARTTLS.
            throw new ReplyException(authOffered() ? Replies.AUTH_REQUIRED : Replies.TLS_REQUIRED);
        }
        PathArgument path = PathArgument.parse(argument, "FROM:");
        requireExtensions(path);
        MailParameters parameters = MailParameters.parse(path.parameters(), authOffered());
        if (parameters.size().orElse(0) > settings.maxMessageSize()) {
            // RFC 1870 §6.1: refuse before any data is sent.
            throw new ReplyException(Replies.TOO_BIG);
        }
        Optional<MailAddress> sender;
        try {
            sender = MailAddress.parseReversePath(path.path(), parameters.smtpUtf8());
        } catch (InvalidAddressException e) {
            throw addressError(path.path(), parameters.smtpUtf8(), SmtpReply.of(553, "5.1.7", "Bad sender address syntax"));
        }
        transaction = new Transaction(sender, parameters);
        reply(out, Replies.SENDER_OK);
    }

    /** RFC 6531 §3.5: a UTF-8 address without SMTPUTF8 gets 553 5.6.7, other bad syntax its own reply. */
    private static ReplyException addressError(String path, boolean smtpUtf8, SmtpReply syntax) {
        if (!smtpUtf8) {
            try {
                MailAddress.parsePath(path, true);
                return new ReplyException(Replies.NEED_UTF8);
            } catch (InvalidAddressException e) {
                return new ReplyException(syntax);
            }
        }
        return new ReplyException(syntax);
    }

    /** Parameters belong to the service extensions, which only EHLO negotiates (RFC 5321 §4.1.1.1). */
    private void requireExtensions(PathArgument path) throws ReplyException {
        if (!esmtp && !path.parameters().isEmpty()) {
            throw MailParameters.unknown();
        }
    }

    private void rcpt(String argument, List<Effect> out) throws ReplyException {
        if (transaction == null || transaction.envelope != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (transaction.recipients.size() >= settings.maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: 452, and the client sends the rest in another transaction.
            throw new ReplyException(Replies.TOO_MANY_RECIPIENTS);
        }
        PathArgument path = PathArgument.parse(argument, "TO:");
        requireExtensions(path);
        RcptParameters parameters = RcptParameters.parse(path.parameters());
        MailAddress address = recipientAddress(path.path());
        transaction.candidate = new Recipient(address.toString(), parameters.dsnNotify(), parameters.originalRecipient());
        decide(out, new Question.CheckRecipient(address, Optional.ofNullable(identity)));
    }

    private MailAddress recipientAddress(String path) throws ReplyException {
        boolean smtpUtf8 = transaction.parameters.smtpUtf8();
        try {
            if (path.equalsIgnoreCase("<postmaster>")) {
                // RFC 5321 §4.5.1: the bare Postmaster is ours, whatever the domain.
                return MailAddress.parse("postmaster@" + settings.hostName());
            }
            return MailAddress.parsePath(path, smtpUtf8);
        } catch (InvalidAddressException e) {
            throw addressError(path, smtpUtf8, SmtpReply.of(501, "5.1.3", "Bad recipient address syntax"));
        }
    }

    private void data(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        requireRecipients();
        if (transaction.parameters.body() == BodyType.BINARY_MIME) {
            // RFC 3030 §3: BINARYMIME content is only sent with BDAT.
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        openMessage(out);
        reply(out, Replies.START_DATA);
        data = new DataDecoder(settings.maxMessageSize(), settings.maxTextLine());
        dataStarted = false;
        mode = Mode.DATA;
    }

    private void requireRecipients() throws ReplyException {
        if (transaction == null || transaction.envelope != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (transaction.recipients.isEmpty()) {
            throw new ReplyException(Replies.NO_RECIPIENTS);
        }
    }

    /**
     * RFC 3030 §2: the chunk follows the command whether or not it is accepted, so even a refused
     * BDAT is read to its end before the reply; only a size we cannot read leaves us out of step.
     */
    private void bdat(String argument, List<Effect> out) throws ReplyException {
        Matcher matcher = BDAT.matcher(argument);
        if (!matcher.matches()) {
            throw PathArgument.syntax("BDAT chunk-size [LAST]");
        }
        long size = Long.parseLong(matcher.group(1));
        SmtpReply refusal = null;
        if (!esmtp || transaction == null || transaction.complete) {
            refusal = Replies.BAD_SEQUENCE;
        } else if (transaction.recipients.isEmpty()) {
            refusal = Replies.NO_RECIPIENTS;
        } else if (transaction.envelope == null) {
            openMessage(out);
            BodyType body = transaction.parameters.body();
            chunk = new Bdat(body == BodyType.BINARY_MIME ? null : new LineEndChecker());
        }
        chunk = refusal == null ? chunk : new Bdat(null);
        chunk.start(size, matcher.group(2) != null, refusal);
        mode = Mode.BDAT;
    }

    private void rset(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        resetTransaction(out, AbortReason.RESET);
        reply(out, Replies.OK);
    }

    private void quit(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        resetTransaction(out, AbortReason.QUIT);
        reply(out, Replies.BYE);
        close(out);
    }

    /** RFC 3207 §4: 220, then the handshake; whatever the client sent after STARTTLS is dropped. */
    private void startTls(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        if (!startTlsOffered()) {
            throw new ReplyException(tlsActive ? Replies.BAD_SEQUENCE : Replies.NOT_IMPLEMENTED);
        }
        resetTransaction(out, AbortReason.RESET);
        reply(out, Replies.START_TLS);
        out.add(new Effect.StartTls());
        in.clear();
        discardingLine = false;
        mode = Mode.TLS_HANDSHAKE;
    }

    // ---- AUTH (RFC 4954)

    private void auth(String argument, List<Effect> out) throws ReplyException {
        if (settings.listener() == Listener.MX) {
            throw new ReplyException(Replies.NOT_IMPLEMENTED);
        }
        if (!esmtp || identity != null || transaction != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (!authOffered()) {
            throw new ReplyException(Replies.ENCRYPTION_REQUIRED);
        }
        String[] words = argument.split(" +");
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        if (mechanism.isEmpty() || words.length > 2) {
            throw PathArgument.syntax("AUTH mechanism [initial-response]");
        }
        if (!mechanism.equals(SaslExchange.PLAIN) && !mechanism.equals(SaslExchange.LOGIN)) {
            throw new ReplyException(Replies.UNKNOWN_MECHANISM);
        }
        // RFC 4954 §4: "=" is an initial response of zero length.
        Optional<String> initial = words.length == 2
                ? Optional.of(words[1].equals("=") ? "" : words[1])
                : Optional.empty();
        sasl = new SaslExchange(mechanism);
        saslStep(sasl.start(initial), out);
    }

    private void saslResponse(String line, List<Effect> out) {
        if (line.equals("*")) {
            endSasl();
            reply(out, Replies.AUTH_CANCELLED);
            return;
        }
        saslStep(sasl.respond(line), out);
    }

    private void saslStep(SaslExchange.Step step, List<Effect> out) {
        if (step instanceof SaslExchange.Challenge challenge) {
            mode = Mode.SASL;
            reply(out, SmtpReply.plain(334, challenge.challenge()));
        } else if (step instanceof SaslExchange.Credentials credentials) {
            String mechanism = sasl.mechanism();
            endSasl();
            decide(out, new Question.Authenticate(mechanism, credentials.username(), credentials.password()));
        } else {
            endSasl();
            fail(out, ((SaslExchange.Failed) step).reply());
        }
    }

    private void endSasl() {
        sasl = null;
        mode = Mode.COMMAND;
    }

    // ---- decisions

    private void decide(List<Effect> out, Question question) {
        pending = question;
        out.add(new Effect.Decide(question));
    }

    private void answerRecipient(Answer answer, List<Effect> out) {
        if (answer instanceof Answer.RecipientAccepted) {
            transaction.recipients.add(transaction.candidate);
            reply(out, Replies.RECIPIENT_OK);
        } else if (answer instanceof Answer.Rejected rejected) {
            reply(out, rejected.reply());
        } else {
            throw wrongAnswer(answer);
        }
        transaction.candidate = null;
    }

    private void answerAuthentication(Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Authenticated authenticated) {
            identity = authenticated.identity();
            reply(out, Replies.AUTHENTICATED);
        } else if (answer instanceof Answer.AuthenticationFailed) {
            fail(out, Replies.AUTH_INVALID);
        } else if (answer instanceof Answer.AuthenticationUnavailable) {
            reply(out, Replies.AUTH_UNAVAILABLE);
        } else {
            throw wrongAnswer(answer);
        }
    }

    private void answerMessage(Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Accepted accepted) {
            reply(out, SmtpReply.of(250, "2.0.0",
                    "Ok: queued as " + accepted.queueId().orElse(transaction.envelope.queueId())));
        } else if (answer instanceof Answer.TemporaryFailure) {
            reply(out, Replies.STORE_FAILED);
        } else if (answer instanceof Answer.Rejected rejected) {
            reply(out, rejected.reply());
        } else {
            throw wrongAnswer(answer);
        }
        transaction = null;
    }

    private IllegalArgumentException wrongAnswer(Answer answer) {
        return new IllegalArgumentException(answer + " does not answer " + pending);
    }

    // ---- message content

    /** At DATA or the first BDAT: the envelope is final, the queue id and trace field are made. */
    private void openMessage(List<Effect> out) {
        String queueId = ids.next().toString();
        String date = TraceFields.dateTime(clock);
        List<Recipient> recipients = transaction.recipients;
        MailParameters parameters = transaction.parameters;
        byte[] received = TraceFields.received(helo, client.remoteIp(), settings.hostName(),
                TraceFields.protocol(esmtp, parameters.smtpUtf8(), tlsActive, identity != null), queueId,
                recipients.size() == 1 ? Optional.of(recipients.get(0).address()) : Optional.empty(), date);
        Envelope envelope = new Envelope(queueId, transaction.reversePath, recipients, parameters.dsnReturn(),
                parameters.envelopeId(), parameters.body(), parameters.smtpUtf8(), parameters.size(),
                Optional.ofNullable(identity), tls, helo, client.remoteIp(), settings.listener(), received);
        MessageOutput output = new MessageOutput(received);
        if (settings.listener() != Listener.MX) {
            // RFC 6409 §8: a submission server may complete the header of what a client submits.
            output.completeHeader(settings.maxHeaderBlock(), date, "<" + queueId + "@" + settings.hostName() + ">");
        }
        transaction.envelope = envelope;
        transaction.output = output;
        out.add(new Effect.MessageStarted(envelope));
        output.drainTo(out);
    }

    private boolean readData(List<Effect> out) {
        if (in.available() == 0) {
            return false;
        }
        dataStarted = true;
        boolean end = data.decode(in, transaction.output.content());
        transaction.output.drainTo(out);
        if (!end) {
            return false;
        }
        mode = Mode.COMMAND;
        endMessage(out, data.violation(), data.size());
        data = null;
        return true;
    }

    private boolean readChunk(List<Effect> out) {
        int count = (int) Math.min(chunk.remaining, in.available());
        if (count > 0) {
            byte[] bytes = in.take(count);
            if (chunk.accept(bytes, settings.maxMessageSize())) {
                transaction.output.content().write(bytes, 0, bytes.length);
                transaction.output.drainTo(out);
            }
        }
        if (chunk.remaining > 0) {
            return false;
        }
        mode = Mode.COMMAND;
        if (chunk.refusal != null) {
            SmtpReply refusal = chunk.refusal;
            chunk = null;
            if (refusal.code() == 554) {
                reply(out, refusal);
            } else {
                fail(out, refusal);
            }
        } else if (chunk.violation != null || chunk.last) {
            endMessage(out, chunk.violationAtEnd(), chunk.total);
            chunk = null;
        } else {
            reply(out, SmtpReply.of(250, "2.0.0", "Ok, " + chunk.size + " octets received"));
        }
        return true;
    }

    /** The end of the content: accept decision, or the abort and the reply for the rule broken. */
    private void endMessage(List<Effect> out, AbortReason violation, long size) {
        if (violation != null) {
            abortMessage(out, violation);
            switch (violation) {
                case SIZE_EXCEEDED -> reply(out, Replies.TOO_BIG);
                case LINE_TOO_LONG -> reply(out, Replies.TEXT_LINE_TOO_LONG);
                default -> fail(out, Replies.BARE_LINE_END_IN_DATA);
            }
            return;
        }
        transaction.output.finish();
        transaction.output.drainTo(out);
        transaction.output = null;
        transaction.complete = true;
        out.add(new Effect.MessageComplete(size));
        decide(out, new Question.AcceptMessage(transaction.envelope, size));
    }

    private void abortMessage(List<Effect> out, AbortReason reason) {
        if (transaction != null && transaction.messageOpen()) {
            out.add(new Effect.MessageAborted(reason));
            transaction = null;
        }
    }

    private void resetTransaction(List<Effect> out, AbortReason reason) {
        abortMessage(out, reason);
        transaction = null;
        chunk = null;
    }

    // ---- replies and closing

    private static void reply(List<Effect> out, SmtpReply reply) {
        out.add(new Effect.Reply(reply));
    }

    /** A client error: replied, counted, and past the limit the session ends. */
    private void fail(List<Effect> out, SmtpReply reply) {
        reply(out, reply);
        errors++;
        if (errors >= settings.maxErrors() && mode != Mode.CLOSED) {
            abortMessage(out, AbortReason.SESSION_CLOSED);
            reply(out, Replies.TOO_MANY_ERRORS);
            close(out);
        }
    }

    private void close(List<Effect> out) {
        out.add(new Effect.Close());
        mode = Mode.CLOSED;
        pending = null;
        in.clear();
    }

    /** The state of one BDAT chunk and of the chunked message so far. */
    private static final class Bdat {
        private final LineEndChecker lineEnds;
        long size;
        long remaining;
        boolean last;
        SmtpReply refusal;
        long total;
        AbortReason violation;

        /** @param lineEnds the bare CR/LF check, null for BINARYMIME or a refused chunk */
        Bdat(LineEndChecker lineEnds) {
            this.lineEnds = lineEnds;
        }

        void start(long chunkSize, boolean lastChunk, SmtpReply refusedWith) {
            size = chunkSize;
            remaining = chunkSize;
            last = lastChunk;
            refusal = refusedWith;
        }

        /** Counts octets of the chunk; true when they are to be stored. */
        boolean accept(byte[] bytes, long maxSize) {
            remaining -= bytes.length;
            if (refusal != null || violation != null) {
                return false;
            }
            total += bytes.length;
            if (total > maxSize) {
                violation = AbortReason.SIZE_EXCEEDED;
                return false;
            }
            if (lineEnds != null) {
                lineEnds.check(bytes, 0, bytes.length);
                if (lineEnds.sawBare()) {
                    violation = AbortReason.BARE_LINE_ENDING;
                    return false;
                }
            }
            return true;
        }

        /** At the end of the last chunk a trailing CR is bare too. */
        AbortReason violationAtEnd() {
            if (violation == null && last && lineEnds != null && lineEnds.sawBareAtEnd()) {
                return AbortReason.BARE_LINE_ENDING;
            }
            return violation;
        }
    }
}
