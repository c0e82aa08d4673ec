package io.litefleet.testing;

import java.io.InputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import io.litefleet.storage.OwnerMarker;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Counts the requests the S3 server actually served, on the server side of the HTTP connection:
 * what a bill would count, independent of LiteFleet's own counters.
 */
public final class CountingBlobStore extends ForwardingBlobStore {

    /** Snapshot PUTs; LiteFleet's own {@code .litefleet/} objects (the owner marker) are counted in {@link #markerPuts}. */
    public final AtomicInteger puts = new AtomicInteger();
    public final AtomicInteger markerPuts = new AtomicInteger();
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger lists = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();
    /** Keys of the snapshot PUTs served, in order. */
    public final Queue<String> putKeys = new ConcurrentLinkedQueue<>();
    /** Makes every snapshot PUT take this long, to catch uploads in flight. */
    public volatile long putDelayMillis;

    public CountingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        if (request.key().startsWith(OwnerMarker.RESERVED_PREFIX)) {
            markerPuts.incrementAndGet();
            return super.putBlob(request, content);
        }
        puts.incrementAndGet();
        if (putDelayMillis > 0) {
            try {
                Thread.sleep(putDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        PutObjectResponse response = super.putBlob(request, content);
        putKeys.add(request.key());
        return response;
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        gets.incrementAndGet();
        return super.getBlob(request);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        lists.incrementAndGet();
        return super.list(request);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        deletes.incrementAndGet();
        return super.removeBlob(request);
    }

    /** One multi-object delete request, however many keys it names (not counted again per key). */
    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        deletes.incrementAndGet();
        return delegate().removeBlobs(request);
    }

    public void reset() {
        puts.set(0);
        markerPuts.set(0);
        gets.set(0);
        lists.set(0);
        deletes.set(0);
        putKeys.clear();
    }
}
