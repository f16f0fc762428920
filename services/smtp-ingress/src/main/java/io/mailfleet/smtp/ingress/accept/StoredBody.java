package io.mailfleet.smtp.ingress.accept;

import java.util.Optional;

/** Where a body landed in the blob store, how big it is, and the client digest of its octets ({@code ClientDigest}). */
public record StoredBody(String blobKey, long size, Optional<String> clientDigest) {
}
