package io.mailfleet.testing.containers;

import io.mailfleet.testing.CassandraEndpoint;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.KafkaEndpoint;
import io.mailfleet.testing.S3Endpoint;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.cassandra.CassandraContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Kafka, Cassandra and MinIO in containers, for machines with a Docker engine. */
public final class ContainerServers implements Infrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String CASSANDRA_IMAGE = "cassandra:5.0.6";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";
    private static final String REGION = "us-east-1";

    private final KafkaContainer kafka;
    private final CassandraContainer cassandra;
    private final MinIOContainer minio;

    private ContainerServers(KafkaContainer kafka, CassandraContainer cassandra, MinIOContainer minio) {
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.minio = minio;
    }

    /**
     * True when a Docker engine answers. Without any sign of an engine (no DOCKER_HOST, no socket,
     * no Testcontainers settings) the probe is skipped: it would only log a page of errors.
     */
    public static boolean dockerAvailable() {
        if (!dockerConfigured()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean dockerConfigured() {
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock")))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
    }

    public static ContainerServers start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        CassandraContainer cassandra = new CassandraContainer(CASSANDRA_IMAGE);
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        Startables.deepStart(Stream.of(kafka, cassandra, minio)).join();
        return new ContainerServers(kafka, cassandra, minio);
    }

    @Override
    public KafkaEndpoint kafka() {
        return new KafkaEndpoint(kafka.getBootstrapServers());
    }

    @Override
    public CassandraEndpoint cassandra() {
        return new CassandraEndpoint(cassandra.getHost(), cassandra.getMappedPort(9042), cassandra.getLocalDatacenter());
    }

    @Override
    public S3Endpoint s3() {
        return new S3Endpoint(minio.getS3URL(), minio.getUserName(), minio.getPassword(), REGION);
    }

    @Override
    public String mode() {
        return "containers";
    }

    @Override
    public void close() {
        Stream.of(kafka, cassandra, minio).parallel().forEach(container -> container.stop());
    }
}
