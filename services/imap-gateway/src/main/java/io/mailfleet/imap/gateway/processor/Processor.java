package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.session.Answer;

import java.io.IOException;

/**
 * Carries out one kind of command against the store, blocking, on a lane. Store failures propagate as
 * {@link io.mailfleet.store.StoreUnavailableException} and blob-store failures as
 * {@link io.mailfleet.store.blob.BlobStoreUnavailableException} or {@link IOException}; the connection
 * answers them {@code NO [UNAVAILABLE]}.
 */
@FunctionalInterface
public interface Processor {

    Answer.Completed process(Request request) throws IOException;
}
