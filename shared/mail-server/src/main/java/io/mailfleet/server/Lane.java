package io.mailfleet.server;

/**
 * The executors blocking work runs on, kept apart so that one kind of work cannot starve another:
 * a hundred slow body downloads leave logins and mailbox listings their own threads.
 */
public enum Lane {
    /** Password checks and the account reads they need. */
    LOGIN,
    /** Metadata reads and writes in Cassandra: recipients, maildrops, flags, locks. */
    METADATA,
    /** Reading message bodies from the blob store, one chunk per task. */
    BODY
}
