package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The durable accept of RFC 5321's "250 means we took responsibility": the body is streamed to the
 * blob store while it arrives, and once the client has sent all of it, the event naming the blob
 * is published and acknowledged by Kafka. Only then does the returned stage succeed; any failure
 * on the way fails it, and an event is published only for a body that is completely stored.
 */
public final class MessageAcceptor {

    /** Bytes of a body held in memory between the connection and the blob store, per message. */
    static final long PIPE_HIGH_WATER = 256 * 1024;

    private final BlobStore blobs;
    private final EventPublisher events;
    private final Executor blobWriters;

    /** @param blobWriters runs the blocking uploads, one task per message in flight */
    public MessageAcceptor(BlobStore blobs, EventPublisher events, Executor blobWriters) {
        this.blobs = blobs;
        this.events = events;
        this.blobWriters = blobWriters;
    }

    /** Starts streaming a new body to the blob store. */
    public Upload begin() {
        BodyPipe pipe = new BodyPipe(PIPE_HIGH_WATER);
        CompletableFuture<BlobRef> stored = CompletableFuture.supplyAsync(() -> {
            try (pipe) {
                return blobs.put(pipe);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blobWriters);
        return new Upload(pipe, stored);
    }

    /** One body on its way to durability; used from the connection's event loop. */
    public final class Upload {

        private final BodyPipe pipe;
        private final CompletableFuture<BlobRef> stored;

        private Upload(BodyPipe pipe, CompletableFuture<BlobRef> stored) {
            this.pipe = pipe;
            this.stored = stored;
        }

        /** Adds body bytes; false means stop reading from the client until {@link #onDrained} runs. */
        public boolean write(byte[] chunk) {
            return pipe.write(chunk);
        }

        /** Runs, on the upload's thread, when a paused writer may go on. */
        public void onDrained(Runnable resume) {
            pipe.onDrained(resume);
        }

        /**
         * The client sent the whole body: completes when the body is stored and the event built from
         * where it landed is acknowledged, or fails if either did not happen.
         */
        public CompletionStage<Accepted> complete(Function<StoredBody, MailAccepted> event) {
            pipe.finish();
            return stored.thenCompose(ref -> {
                MailAccepted accepted = event.apply(new StoredBody(ref.key().value(), ref.size()));
                return events.publish(accepted).thenApply(position -> new Accepted(accepted, position));
            });
        }

        /** The body will not be accepted (size limit, smuggling, RSET, lost connection): store nothing, publish nothing. */
        public void abort(String reason) {
            pipe.fail(new java.io.IOException("message aborted: " + reason));
        }
    }
}
