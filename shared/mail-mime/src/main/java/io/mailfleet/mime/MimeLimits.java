package io.mailfleet.mime;

/**
 * Bounds on what parsing one message may hold or do, so that hostile mail costs no more than
 * reading it (docs/architecture.md, invariant 6). Past a limit the rest is kept as opaque content: offsets and
 * sizes stay exact, only structure is lost, and the result says it was truncated.
 *
 * @param maxHeaderBytes         octets kept of one header field, and of the top-level header
 *                               fields indexed for SEARCH (envelope and MIME fields always are)
 * @param maxRetainedHeaderBytes octets of header fields kept over the whole message; later parts
 *                               then get the default content type
 * @param maxDepth               nesting levels of multipart and message/rfc822; a container at
 *                               the last level is reported as application/octet-stream
 * @param maxParts               body parts in the structure; further parts of a multipart are
 *                               left out of it, their octets staying in its body
 */
public record MimeLimits(int maxHeaderBytes, long maxRetainedHeaderBytes, int maxDepth, int maxParts) {

    /** 256 KiB per field and of indexed header, 8 MiB in all, 100 levels, 10,000 parts. */
    public static final MimeLimits DEFAULTS = new MimeLimits(256 * 1024, 8L * 1024 * 1024, 100, 10_000);

    // Deeper nesting would risk the parser's stack; no real mail comes near.
    private static final int DEPTH_CEILING = 1_000;

    public MimeLimits {
        if (maxHeaderBytes < 1 || maxRetainedHeaderBytes < 0 || maxParts < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth must be between 1 and " + DEPTH_CEILING);
        }
    }
}
