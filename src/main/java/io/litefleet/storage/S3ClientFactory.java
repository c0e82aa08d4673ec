package io.litefleet.storage;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the one {@link S3Client} the {@code aws2-s3} endpoint uses. Built here rather than from
 * endpoint URI options so that credentials never appear in an endpoint URI (which JMX and logs show)
 * and so that S3-compatible servers (MinIO, R2, S3Proxy) need only an endpoint and path-style flag.
 */
public final class S3ClientFactory {

    private S3ClientFactory() {
    }

    /**
     * @param maxConnections uploads that may run at once; the SDK's default pool of 50 connections
     *                       would otherwise cap the upload split below litefleet.max-concurrent-uploads
     */
    public static S3Client create(S3Settings settings, int maxConnections, ExecutionInterceptor... counters) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(settings.encryption().interceptor()));
        interceptors.addAll(List.of(counters));
        boolean whenSupported = settings.checksums() == S3Settings.Checksums.WHEN_SUPPORTED;
        S3ClientBuilder builder = S3Client.builder()
                // The SDK's default (WHEN_SUPPORTED) sends every PutObject as aws-chunked with a CRC32
                // trailer, which many S3-compatible servers refuse (400 XAmzContentSHA256Mismatch) or
                // store with the chunk framing as the body (DESIGN §2b). What is stored is verified
                // anyway: the ETag against the MD5 of the body (see StoredObjectCheck).
                .requestChecksumCalculation(whenSupported ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(whenSupported ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                // Over plain http the SDK also signs the body in aws-chunked frames unless told not to;
                // without them it hashes the body first, which a snapshot's frame file allows (the
                // SDK reads a file body twice; a stream body over 128 KiB it could not, DESIGN §2b)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(whenSupported).build())
                // Without these, a server that accepts a connection and never answers holds each
                // request for the HTTP client's 50 s read timeout per attempt, retries included, and
                // one that stops reading a body holds it forever (a blocked write has no timeout):
                // the call timeout is the one bound on everything, retries and writes included. No
                // per-attempt timeout: a large snapshot on a slow link may need most of the call.
                .overrideConfiguration(c -> c.executionInterceptors(interceptors)
                        .apiCallTimeout(settings.callTimeout()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(maxConnections)
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout()))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.forcePathStyle());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
