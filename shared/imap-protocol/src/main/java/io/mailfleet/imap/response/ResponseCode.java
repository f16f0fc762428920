package io.mailfleet.imap.response;

import java.util.List;
import java.util.Objects;

/**
 * The bracketed code of a status response, {@code [UIDNEXT 4392]}: what a client can act on without
 * reading the human text. Codes without arguments are {@link Simple}; the others are records.
 */
public sealed interface ResponseCode {

    void writeTo(ResponseWriter out);

    /** Codes that are one atom. */
    enum Simple implements ResponseCode {
        // RFC 3501 §7.1
        ALERT("ALERT"),
        PARSE("PARSE"),
        READ_ONLY("READ-ONLY"),
        READ_WRITE("READ-WRITE"),
        TRYCREATE("TRYCREATE"),
        // RFC 5530, taken into RFC 9051 §7.1
        UNAVAILABLE("UNAVAILABLE"),
        AUTHENTICATIONFAILED("AUTHENTICATIONFAILED"),
        AUTHORIZATIONFAILED("AUTHORIZATIONFAILED"),
        EXPIRED("EXPIRED"),
        PRIVACYREQUIRED("PRIVACYREQUIRED"),
        CONTACTADMIN("CONTACTADMIN"),
        NOPERM("NOPERM"),
        INUSE("INUSE"),
        EXPUNGEISSUED("EXPUNGEISSUED"),
        CORRUPTION("CORRUPTION"),
        SERVERBUG("SERVERBUG"),
        CLIENTBUG("CLIENTBUG"),
        CANNOT("CANNOT"),
        LIMIT("LIMIT"),
        OVERQUOTA("OVERQUOTA"),
        ALREADYEXISTS("ALREADYEXISTS"),
        NONEXISTENT("NONEXISTENT"),
        // RFC 9051 §7.1
        HASCHILDREN("HASCHILDREN"),
        // RFC 4315 §3: the mailbox cannot keep UIDs across sessions
        UIDNOTSTICKY("UIDNOTSTICKY"),
        // RFC 7162 §3.1.2.2 and §3.2.11
        NOMODSEQ("NOMODSEQ"),
        CLOSED("CLOSED"),
        // RFC 5182 §2.4: SEARCH SAVE failed, $ is now empty
        NOTSAVED("NOTSAVED"),
        // RFC 3516 §4.3: BINARY cannot decode the part's transfer encoding
        UNKNOWN_CTE("UNKNOWN-CTE"),
        // RFC 4469 §5, used by RFC 7889 APPENDLIMIT: the message is over the size limit
        TOOBIG("TOOBIG"),
        // RFC 6154 §6: CREATE (USE ...) named a special use the server cannot give
        USEATTR("USEATTR"),
        // RFC 4978 §3: COMPRESS when compression is already on
        COMPRESSIONACTIVE("COMPRESSIONACTIVE");

        private final String atom;

        Simple(String atom) {
            this.atom = atom;
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(atom);
        }
    }

    /** RFC 3501 §7.1: the capability list, e.g. in the greeting. */
    record Capability(List<String> capabilities) implements ResponseCode {
        public Capability {
            capabilities = List.copyOf(capabilities);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("CAPABILITY");
            capabilities.forEach(capability -> out.sp().atom(capability));
        }
    }

    /** RFC 3501 §7.1: SEARCH named a charset the server lacks; these it has. */
    record BadCharset(List<String> charsets) implements ResponseCode {
        public BadCharset {
            charsets = List.copyOf(charsets);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("BADCHARSET");
            if (!charsets.isEmpty()) {
                out.sp().raw("(");
                for (int i = 0; i < charsets.size(); i++) {
                    if (i > 0) {
                        out.sp();
                    }
                    out.astring(charsets.get(i));
                }
                out.raw(")");
            }
        }
    }

    /** RFC 3501 §7.1: the flags a client can change for good; {@code \*} means it may create keywords. */
    record PermanentFlags(List<String> flags) implements ResponseCode {
        public PermanentFlags {
            flags = List.copyOf(flags);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("PERMANENTFLAGS ").atomList(flags);
        }
    }

    /** A code with one number: UIDNEXT, UIDVALIDITY, UNSEEN (RFC 3501 §7.1), HIGHESTMODSEQ (RFC 7162 §3.1.2.1). */
    record Number(String name, long value) implements ResponseCode {
        public Number {
            if (!List.of("UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ").contains(name)) {
                throw new IllegalArgumentException("not a numeric response code: " + name);
            }
        }

        public static Number uidNext(long uid) {
            return new Number("UIDNEXT", uid);
        }

        public static Number uidValidity(long uidValidity) {
            return new Number("UIDVALIDITY", uidValidity);
        }

        public static Number unseen(long msn) {
            return new Number("UNSEEN", msn);
        }

        public static Number highestModSeq(long modSeq) {
            return new Number("HIGHESTMODSEQ", modSeq);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(name).sp().number(value);
        }
    }

    /** RFC 4315 §3: the UIDs APPEND gave the new messages. */
    record AppendUid(long uidValidity, NumberSet uids) implements ResponseCode {
        public AppendUid {
            Objects.requireNonNull(uids, "uids");
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("APPENDUID ").number(uidValidity).sp().raw(uids.encode());
        }
    }

    /** RFC 4315 §3: COPY or MOVE gave the copies of {@code source} the UIDs {@code destination}, pair by pair. */
    record CopyUid(long uidValidity, NumberSet source, NumberSet destination) implements ResponseCode {
        public CopyUid {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("COPYUID ").number(uidValidity).sp().raw(source.encode()).sp().raw(destination.encode());
        }
    }

    /** RFC 7162 §3.1.3: STORE UNCHANGEDSINCE left these messages alone because they changed. */
    record Modified(NumberSet numbers) implements ResponseCode {
        public Modified {
            Objects.requireNonNull(numbers, "numbers");
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("MODIFIED ").raw(numbers.encode());
        }
    }

    /** RFC 8474 §4.1: the object id of the mailbox CREATE made or SELECT opened. */
    record MailboxId(String id) implements ResponseCode {
        public MailboxId {
            requireObjectId(id);
        }

        /** RFC 8474 §5 {@code objectid}: 1 to 255 of letters, digits, {@code -} and {@code _}. */
        static String requireObjectId(String id) {
            if (!id.matches("[A-Za-z0-9_-]{1,255}")) {
                throw new IllegalArgumentException("not an RFC 8474 objectid: " + id);
            }
            return id;
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("MAILBOXID (").raw(id).raw(")");
        }
    }
}
