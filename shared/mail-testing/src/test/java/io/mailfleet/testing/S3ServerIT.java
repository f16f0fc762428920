package io.mailfleet.testing;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RealInfrastructureExtension.class)
class S3ServerIT {

    private static final String BUCKET = "harness-it";

    @Test
    void putRangedGetAndDelete(Infrastructure servers) throws Exception {
        MinioClient s3 = client(servers.s3(), servers.s3().secretKey());
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        byte[] body = "Subject: hello\r\n\r\nhello s3\r\n".getBytes(StandardCharsets.US_ASCII);
        s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object("m/1")
                .stream(new ByteArrayInputStream(body), body.length, -1).build());

        try (InputStream range = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object("m/1")
                .offset(18L).length(8L).build())) {
            assertThat(new String(range.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello s3");
        }

        s3.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object("m/1").build());
        assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object("m/1").build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
    }

    @Test
    void aWrongSecretIsRefused(Infrastructure servers) {
        MinioClient impostor = client(servers.s3(), servers.s3().secretKey() + "-wrong");
        assertThatThrownBy(() -> impostor.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.response().code()).isEqualTo(403));
    }

    private static MinioClient client(S3Endpoint endpoint, String secret) {
        return MinioClient.builder()
                .endpoint(endpoint.url())
                .region(endpoint.region())
                .credentials(endpoint.accessKey(), secret)
                .build();
    }
}
