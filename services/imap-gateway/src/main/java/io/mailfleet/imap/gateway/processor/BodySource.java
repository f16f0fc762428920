package io.mailfleet.imap.gateway.processor;

/** The octets of one body section a FETCH response carries, in the order the responses name them. */
public sealed interface BodySource {

    long uid();

    /** {@code length} octets of the blob from {@code offset}: one ranged read, streamed. */
    record Blob(long uid, String blobKey, long offset, long length) implements BodySource {
    }

    /** Octets computed already (a filtered header, an empty section). */
    record Bytes(long uid, byte[] octets) implements BodySource {
    }
}
