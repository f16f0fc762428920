package io.mailfleet.imap.response;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

import io.mailfleet.model.mailbox.Flag;

/** One data item of a FETCH response (RFC 3501 §7.4.2, RFC 9051 §7.5.2 and the extensions named per item). */
public sealed interface FetchItem {

    /** RFC 3501 {@code date-time}: {@code "17-Jul-1996 02:44:25 -0700"}, the day padded with a space. */
    DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("ppd-MMM-yyyy HH:mm:ss xx", Locale.ENGLISH);

    void writeTo(ResponseWriter out);

    /** {@code FLAGS (\Seen $Junk)}; {@code recent} adds {@code \Recent}, for IMAP4rev1 sessions only. */
    record Flags(io.mailfleet.model.mailbox.Flags flags, boolean recent) implements FetchItem {
        public Flags {
            Objects.requireNonNull(flags, "flags");
        }

        @Override
        public void writeTo(ResponseWriter out) {
            List<String> names = new ArrayList<>(flags.size() + 1);
            for (Flag flag : flags) {
                names.add(flag.name());
            }
            if (recent) {
                names.add("\\Recent");
            }
            out.raw("FLAGS ").atomList(names);
        }
    }

    record InternalDate(OffsetDateTime date) implements FetchItem {
        public InternalDate {
            Objects.requireNonNull(date, "date");
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("INTERNALDATE \"").raw(DATE_TIME.format(date)).raw("\"");
        }
    }

    /** A number item: RFC822.SIZE, UID; for MODSEQ see {@link ModSeq}. */
    record Number(String name, long value) implements FetchItem {
        public Number {
            if (!name.equals("RFC822.SIZE") && !name.equals("UID")) {
                throw new IllegalArgumentException("not a numeric FETCH item: " + name);
            }
        }

        public static Number size(long octets) {
            return new Number("RFC822.SIZE", octets);
        }

        public static Number uid(long uid) {
            return new Number("UID", uid);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(name).sp().number(value);
        }
    }

    /** {@code MODSEQ (12121231000)} (RFC 7162 §3.1.4.1). */
    record ModSeq(long value) implements FetchItem {
        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("MODSEQ (").number(value).raw(")");
        }
    }

    /**
     * ENVELOPE, BODYSTRUCTURE or BODY as {@code mail-mime} rendered and stored them: already in IMAP syntax,
     * sent as they are.
     */
    record Rendered(String name, String imapValue) implements FetchItem {
        public Rendered {
            if (!List.of("ENVELOPE", "BODYSTRUCTURE", "BODY").contains(name)) {
                throw new IllegalArgumentException("not a pre-rendered FETCH item: " + name);
            }
            Objects.requireNonNull(imapValue, "imapValue");
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(name).sp().raw(imapValue);
        }
    }

    /** {@code EMAILID (M6d99ac3275bb4e)} (RFC 8474 §5.1); THREADID is {@link ThreadId}. */
    record EmailId(String id) implements FetchItem {
        public EmailId {
            ResponseCode.MailboxId.requireObjectId(id);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("EMAILID (").raw(id).raw(")");
        }
    }

    /** {@code THREADID (T64b478a75b7ea9)} or {@code THREADID NIL} when the server does not thread the message. */
    record ThreadId(String id) implements FetchItem {
        public ThreadId {
            if (id != null) {
                ResponseCode.MailboxId.requireObjectId(id);
            }
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("THREADID ").raw(id == null ? "NIL" : "(" + id + ")");
        }
    }

    /** {@code SAVEDATE "..."} or NIL (RFC 8514 §4). */
    record SaveDate(OffsetDateTime date) implements FetchItem {
        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("SAVEDATE ").raw(date == null ? "NIL" : "\"" + DATE_TIME.format(date) + "\"");
        }
    }

    /** {@code PREVIEW "text"} or NIL (RFC 8970 §3). */
    record Preview(String text) implements FetchItem {
        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("PREVIEW ").nstring(text);
        }
    }

    /** {@code BINARY.SIZE[1.2] 2231} (RFC 3516 §4.2): the decoded size of a part. */
    record BinarySize(String section, long octets) implements FetchItem {
        public BinarySize {
            requireSection(section);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("BINARY.SIZE[").raw(section).raw("] ").number(octets);
        }
    }

    /**
     * Body data sent as a literal whose octets the caller streams: {@code BODY[1.2]<0> {n}}, {@code BINARY[1]
     * ~{n}} (literal8, RFC 3516 §4.2), {@code RFC822 {n}}, {@code RFC822.HEADER {n}} or {@code RFC822.TEXT {n}}.
     *
     * @param item BODY, BINARY, RFC822, RFC822.HEADER or RFC822.TEXT
     * @param section the section spec as the response echoes it ({@code 1.2}, {@code HEADER.FIELDS (FROM)},
     *     empty for the whole message); null for the RFC822 items
     * @param origin the partial fetch's first octet, echoed as {@code <origin>}
     * @param octets how many octets the caller will stream
     */
    record BodySection(String item, String section, OptionalLong origin, long octets) implements FetchItem {
        public BodySection {
            boolean rfc822 = List.of("RFC822", "RFC822.HEADER", "RFC822.TEXT").contains(item);
            if (!rfc822 && !item.equals("BODY") && !item.equals("BINARY")) {
                throw new IllegalArgumentException("not a body section item: " + item);
            }
            if (rfc822 != (section == null) || rfc822 && origin.isPresent()) {
                throw new IllegalArgumentException(item + " takes " + (rfc822 ? "no section" : "a section"));
            }
            if (section != null) {
                requireSection(section);
            }
            if (octets < 0) {
                throw new IllegalArgumentException("negative length");
            }
        }

        public static BodySection body(String section, OptionalLong origin, long octets) {
            return new BodySection("BODY", section, origin, octets);
        }

        public static BodySection binary(String section, OptionalLong origin, long octets) {
            return new BodySection("BINARY", section, origin, octets);
        }

        /** Writes the item's name and the literal's head; the caller sends the octets next. */
        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(item);
            if (section != null) {
                out.raw("[").raw(section).raw("]");
            }
            origin.ifPresent(first -> out.raw("<").number(first).raw(">"));
            out.sp().literalHeader(octets, item.equals("BINARY"));
        }
    }

    private static void requireSection(String section) {
        if (!section.chars().allMatch(c -> c >= 0x20 && c < 0x7F) || section.indexOf(']') >= 0) {
            throw new IllegalArgumentException("not a section spec: " + section);
        }
    }
}
