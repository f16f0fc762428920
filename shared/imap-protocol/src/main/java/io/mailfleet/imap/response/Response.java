package io.mailfleet.imap.response;

/** One complete server response, CRLF included, that fits in memory (body data goes through {@link FetchResponse}). */
public interface Response {

    void writeTo(ResponseWriter out);

    /** The octets to send, with UTF-8 allowed or not as {@link ResponseWriter} says. */
    default byte[] encode(boolean utf8) {
        ResponseWriter out = new ResponseWriter(utf8);
        writeTo(out);
        return out.toBytes();
    }
}
