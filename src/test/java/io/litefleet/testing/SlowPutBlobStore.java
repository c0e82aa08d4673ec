package io.litefleet.testing;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** A deliberately slow S3 back end that measures how many PUTs it serves at once. */
public final class SlowPutBlobStore extends ForwardingBlobStore {

    private final long delayMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public SlowPutBlobStore(BlobStore delegate, long delayMillis) {
        super(delegate);
        this.delayMillis = delayMillis;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(delayMillis);
            return super.putBlob(request, content);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }
}
