package io.mailfleet.testing;

/** An S3 API endpoint with the credentials it verifies signatures against. */
public record S3Endpoint(String url, String accessKey, String secretKey, String region) {

    @Override
    public String toString() {
        return "S3Endpoint[url=" + url + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
