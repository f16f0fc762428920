package io.mailfleet.imap.gateway.processor;

/** The octets of one body section a FETCH response carries, in the order the responses name them. */
public sealed interface BodySource {

    long uid();

    /** {@code length} octets of the blob from {@code offset}: one ranged read, streamed. */
    record Blob(long uid, String blobKey, long offset, long length) implements BodySource {
    }

    /**
     * BINARY of an encoded part (RFC 3516): the {@code length} stored octets from {@code offset} decoded as
     * they stream, of which {@code count} octets from {@code skip} are sent.
     */
    record DecodedBlob(long uid, String blobKey, long offset, long length, String encoding, long skip, long count)
            implements BodySource {
    }

    /** Octets computed already (a filtered header, an empty section). */
    record Bytes(long uid, byte[] octets) implements BodySource {
    }
}
