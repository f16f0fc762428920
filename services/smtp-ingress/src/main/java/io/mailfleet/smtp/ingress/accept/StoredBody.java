package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.model.event.ContentFacts;

import java.util.Optional;

/**
 * Where a body landed in the blob store, how big it is, the client digest of its octets ({@code ClientDigest}), and
 * what the message rows keep of its parsed content when that content was stored with the body's pin.
 */
public record StoredBody(String blobKey, long size, Optional<String> clientDigest, Optional<ContentFacts> content) {
}
