package io.mailfleet.imap.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code * 12 FETCH (FLAGS (\Seen) UID 4827 BODY[1]<0> {2048} ...)} (RFC 3501 §7.4.2). Body data is never
 * held here: {@link #parts} gives the bytes around each {@link FetchItem.BodySection}, and the caller sends
 * each section's octets between them, exactly as many as the section says. Without body data it is an
 * ordinary {@link Response}.
 */
public record FetchResponse(long msn, List<FetchItem> items) implements Response {

    public FetchResponse {
        if (msn < 1) {
            throw new IllegalArgumentException("message numbers start at 1");
        }
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a FETCH response has at least one item");
        }
    }

    /** What to send, in order. */
    public sealed interface Part {
        /** Send these bytes. */
        record Bytes(byte[] bytes) implements Part {
            public Bytes {
                Objects.requireNonNull(bytes, "bytes");
            }
        }

        /** Stream the section's octets now, exactly {@link FetchItem.BodySection#octets()} of them. */
        record Body(FetchItem.BodySection section) implements Part {
            public Body {
                Objects.requireNonNull(section, "section");
            }
        }
    }

    public List<Part> parts(boolean utf8) {
        List<Part> parts = new ArrayList<>();
        ResponseWriter out = new ResponseWriter(utf8);
        out.raw("* ").number(msn).raw(" FETCH (");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.sp();
            }
            FetchItem item = items.get(i);
            item.writeTo(out);
            if (item instanceof FetchItem.BodySection section) {
                parts.add(new Part.Bytes(out.drain()));
                parts.add(new Part.Body(section));
            }
        }
        out.raw(")").crlf();
        parts.add(new Part.Bytes(out.drain()));
        return parts;
    }

    /**
     * Writes the whole response; only for one without body data ({@link #isSmall()}), whose octets are
     * the caller's to stream.
     */
    @Override
    public void writeTo(ResponseWriter out) {
        if (!isSmall()) {
            throw new IllegalStateException("body data is streamed: send parts(utf8)");
        }
        out.octets(((Part.Bytes) parts(out.utf8()).get(0)).bytes());
    }

    /** True when the response carries no body data, so {@link #parts} gives one {@link Part.Bytes}. */
    public boolean isSmall() {
        return items.stream().noneMatch(FetchItem.BodySection.class::isInstance);
    }
}
