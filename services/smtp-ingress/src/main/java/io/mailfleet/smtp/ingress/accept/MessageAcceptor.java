package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.failure.TemporaryFailures;
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
 *
 * <p>A body whose last line has no CRLF, which only BDAT can deliver (RFC 3030), gets one: it is
 * stored as the same message sent with DATA would be, whose final CRLF is part of the message (RFC
 * 5321 §4.1.1.4). Every reader then sends exactly the stored octets, IMAP literals and POP3's
 * multi-line RETR alike, and the size recorded at delivery is the size each of them sends.
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

        private static final byte[] CRLF = {'\r', '\n'};

        private final BodyPipe pipe;
        private final CompletableFuture<BlobRef> stored;
        /** The body's last two octets so far, the last one in the low byte; -1 while there are none. */
        private int tail = -1;
        private volatile boolean aborted;

        private Upload(BodyPipe pipe, CompletableFuture<BlobRef> stored) {
            this.pipe = pipe;
            this.stored = stored;
        }

        /** Adds body bytes; false means stop reading from the client until {@link #onDrained} runs. */
        public boolean write(byte[] chunk) {
            for (int i = Math.max(0, chunk.length - 2); i < chunk.length; i++) {
                tail = ((tail & 0xff) << 8) | (chunk[i] & 0xff);
            }
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
            if (tail != -1 && (tail & 0xffff) != ('\r' << 8 | '\n')) {
                pipe.write(CRLF);
            }
            pipe.finish();
            return stored.thenCompose(ref -> {
                MailAccepted accepted = event.apply(new StoredBody(ref.key().value(), ref.size()));
                return events.publish(accepted).thenApply(position -> new Accepted(accepted, position));
            }).whenComplete((accepted, failure) -> {
                if (failure != null && !aborted) {
                    TemporaryFailures.shared().record("451 4.3.0 to the end of a message", failure);
                }
            });
        }

        /** The body will not be accepted (size limit, smuggling, RSET, lost connection): store nothing, publish nothing. */
        public void abort(String reason) {
            aborted = true;
            pipe.fail(new java.io.IOException("message aborted: " + reason));
        }
    }
}
