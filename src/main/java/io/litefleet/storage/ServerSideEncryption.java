package io.litefleet.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * How S3 encrypts the objects it stores ({@code litefleet.s3.sse}, {@code litefleet.s3.sse-kms-key-id},
 * {@code litefleet.s3.sse-customer-key}). Applied to every request of LiteFleet's S3 client by
 * {@link #interceptor()}: the routes' PUT and the store's GET alike (SSE-C needs the key on every
 * read too), and the customer key never appears in an endpoint URI, which JMX and logs show.
 * Camel's own endpoint options would not do: they set SSE-KMS only with an explicit key id and
 * cover only the PUT.
 *
 * @param mode        which encryption
 * @param kmsKeyId    for {@link Mode#KMS}: the key; empty for the bucket's AWS managed key
 * @param customerKey for {@link Mode#CUSTOMER}: the base64 of a 256-bit key, which S3 uses and does not keep
 */
public record ServerSideEncryption(Mode mode, Optional<String> kmsKeyId, String customerKey) {

    /** The kinds of server-side encryption. */
    public enum Mode {
        /** Whatever the bucket's default encryption does. */
        NONE,
        /** SSE-S3, {@code AES256}: keys S3 manages. */
        AES256,
        /** SSE-KMS, {@code aws:kms}: keys in AWS KMS. */
        KMS,
        /** SSE-C: a key LiteFleet sends with every request. */
        CUSTOMER
    }

    public static final ServerSideEncryption NONE = new ServerSideEncryption(Mode.NONE, Optional.empty(), "");

    /**
     * Whether the ETag of a stored object is the MD5 of its bytes (single-part PUT): true without
     * encryption and with SSE-S3, false with SSE-KMS and SSE-C, whose ETags are opaque.
     */
    public boolean etagIsMd5() {
        return mode == Mode.NONE || mode == Mode.AES256;
    }

    /** Adds the encryption headers to each PutObject, and the SSE-C key to each GetObject and HeadObject. */
    public ExecutionInterceptor interceptor() {
        return new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                return apply(context.request());
            }
        };
    }

    private SdkRequest apply(SdkRequest request) {
        if (request instanceof PutObjectRequest put) {
            PutObjectRequest.Builder b = put.toBuilder();
            switch (mode) {
                case AES256 -> b.serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256);
                case KMS -> b.serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS)
                        .ssekmsKeyId(kmsKeyId.orElse(null));
                case CUSTOMER -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5());
                case NONE -> {
                    return request;
                }
            }
            return b.build();
        }
        if (mode != Mode.CUSTOMER) {
            return request;
        }
        if (request instanceof GetObjectRequest get) {
            return get.toBuilder().sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5()).build();
        }
        if (request instanceof HeadObjectRequest head) {
            return head.toBuilder().sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5()).build();
        }
        return request;
    }

    /** S3 checks the key it was sent against this digest before it uses it. */
    private String customerKeyMd5() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(customerKey)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key stays out: this may reach a log line. */
    @Override
    public String toString() {
        return switch (mode) {
            case NONE -> "none";
            case AES256 -> "AES256";
            case KMS -> "aws:kms" + kmsKeyId.map(k -> " (" + k + ")").orElse("");
            case CUSTOMER -> "SSE-C";
        };
    }
}
