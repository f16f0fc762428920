package io.mailfleet.testing.process;

import io.mailfleet.testing.S3Endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * S3Proxy, a real S3 API server that checks SigV4 signatures, payload hashes and clock skew, so
 * our credentials and request signing are exercised for real. It runs from its self-contained jar
 * in a JVM of its own: it bundles cloud SDKs that would clash with our class path.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    private static final String MAIN = "org.gaul.s3proxy.Main";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServerProcess process;
    private final S3Endpoint endpoint;

    private S3ProxyServer(ServerProcess process, S3Endpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts S3Proxy on {@code port}. Objects are files under {@code dir/blobs}, or only in memory
     * when {@code inMemory} is set.
     */
    public static S3ProxyServer start(Path dir, Path logFile, int port, String accessKey, String secretKey,
                                      boolean inMemory, Duration timeout) {
        String classpath = ServerClasspath.of("s3proxy");
        String url = "http://127.0.0.1:" + port;
        Path blobs = ConfigFiles.directory(dir.resolve("blobs"));
        Path properties = ConfigFiles.write(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + url,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=" + (inMemory ? "transient" : "filesystem"),
                "jclouds.filesystem.basedir=" + blobs,
                ""));
        Path java = JavaRuntimes.java17();
        ClassDataSharing sharing = ClassDataSharing.forServer("s3proxy", java, classpath);
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-Djava.awt.headless=true"));
        command.addAll(sharing.flags());
        command.addAll(List.of("-cp", classpath, MAIN, "--properties", properties.toString()));
        ServerProcess process = ServerProcess.start("s3proxy", List.of(), command, dir, logFile, Duration.ofSeconds(15));
        process.afterStop(sharing::exited);
        try {
            process.awaitReady(timeout, () -> answersHttp(url));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new S3ProxyServer(process, new S3Endpoint(url, accessKey, secretKey, REGION));
    }

    /** Any HTTP answer means the server is up: an unsigned request is refused, as it should be. */
    private static boolean answersHttp(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public S3Endpoint endpoint() {
        return endpoint;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
