package io.litefleet.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Connection settings of the S3 target. Credentials stay out of {@link #toString()} so they can
 * never reach a log line.
 *
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout    how long a connection may stay silent while a response is awaited
 * @param callTimeout    how long one request may take in all, its retries included
 * @param checksums      when the SDK adds checksums to requests
 * @param encryption     how S3 encrypts the stored objects
 */
public record S3Settings(String bucket, String region, Optional<URI> endpoint, boolean forcePathStyle,
        String accessKey, String secretKey, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
        Checksums checksums, ServerSideEncryption encryption) {

    /**
     * {@code litefleet.s3.checksums}: the SDK's default since 2.30 ({@code when-supported}) sends
     * every PutObject as {@code aws-chunked} with a CRC32 trailer, which many S3-compatible servers
     * refuse or store wrongly; {@code when-required} sends a plain body, verified by its MD5.
     */
    public enum Checksums { WHEN_REQUIRED, WHEN_SUPPORTED }

    public boolean hasStaticCredentials() {
        return !accessKey.isEmpty();
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                + ", forcePathStyle=" + forcePathStyle + ", credentials="
                + (hasStaticCredentials() ? "static" : "default chain") + ", sse=" + encryption + "]";
    }
}
