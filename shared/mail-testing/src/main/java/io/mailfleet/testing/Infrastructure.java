package io.mailfleet.testing;

/**
 * A running set of the servers mailfleet depends on. Tests and the local stack see only the
 * endpoints, never whether the servers are local processes or containers.
 */
public interface Infrastructure extends AutoCloseable {

    KafkaEndpoint kafka();

    CassandraEndpoint cassandra();

    S3Endpoint s3();

    /** How the servers run, for logs and reports: "processes" or "containers". */
    String mode();

    /** Stops every server; idempotent. */
    @Override
    void close();
}
