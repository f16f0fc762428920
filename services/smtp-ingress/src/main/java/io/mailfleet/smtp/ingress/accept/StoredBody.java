package io.mailfleet.smtp.ingress.accept;

/** Where a body landed in the blob store, and how big it is. */
public record StoredBody(String blobKey, long size) {
}
