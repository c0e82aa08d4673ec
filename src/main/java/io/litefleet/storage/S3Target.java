package io.litefleet.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Snapshots in an S3 bucket: one paginated listing per prefix, one GET per restore, one
 * multi-object DELETE per 1,000 keys.
 */
public final class S3Target implements Target {

    private final S3Client client;
    private final String bucket;
    private final boolean ownsClient;

    /** On a client shared with the replicator's routes, which close it. */
    public S3Target(S3Client client, String bucket) {
        this(client, bucket, false);
    }

    /** With a client of its own, for the one-shot commands. */
    public S3Target(S3Settings settings, int maxConnections) {
        this(S3ClientFactory.create(settings, maxConnections), settings.bucket(), true);
    }

    private S3Target(S3Client client, String bucket, boolean ownsClient) {
        this.client = client;
        this.bucket = bucket;
        this.ownsClient = ownsClient;
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        try {
            return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(o -> new StoredObject(o.key(), o.size()))
                    .toList();
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OpenedObject open(String key) throws IOException {
        try {
            ResponseInputStream<GetObjectResponse> response = client.getObject(b -> b.bucket(bucket).key(key));
            return new OpenedObject(response, response.response().metadata());
        } catch (NoSuchKeyException e) {
            // missing, as the file target says it: not an error of the connection
            throw new NoSuchFileException(key, null, "no such object in s3://" + bucket);
        } catch (SdkException e) {
            throw new IOException("cannot download s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] head(String key, int bytes) throws IOException {
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + (bytes - 1))).asByteArray();
        } catch (SdkException e) {
            throw new IOException("cannot download s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether S3 encrypted the object with a key of its key service or the client's (SSE-KMS, DSSE-KMS,
     * SSE-C), whatever LiteFleet asked: a bucket's default encryption does so too. Such ETags are
     * not the MD5 of the object.
     */
    public boolean keyEncrypted(String key) throws IOException {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key));
            String sse = head.serverSideEncryptionAsString();
            return (sse != null && sse.startsWith("aws:kms")) || head.sseCustomerAlgorithm() != null;
        } catch (SdkException e) {
            throw new IOException("cannot read the encryption of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Multi-object deletes of at most 1,000 keys, S3's limit per request. */
    @Override
    public void delete(List<String> keys) throws IOException {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            try {
                DeleteObjectsResponse response = client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new IOException("cannot delete " + response.errors().size() + " objects from s3://" + bucket
                            + ", first " + response.errors().get(0).key() + ": " + response.errors().get(0).message());
                }
            } catch (SdkException e) {
                throw new IOException("cannot delete from s3://" + bucket + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
