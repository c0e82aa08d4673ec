package io.litefleet.testing;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A deliberately slow S3 back end that measures how many PUTs it serves at once. Each PUT is held
 * until {@code gate} PUTs are in flight together (or a generous timeout passes), so the peak does
 * not depend on how fast a busy machine gets the uploads started.
 */
public final class SlowPutBlobStore extends ForwardingBlobStore {

    private final CountDownLatch gate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public SlowPutBlobStore(BlobStore delegate, int gate) {
        super(delegate);
        this.gate = new CountDownLatch(gate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            gate.countDown();
            gate.await(30, TimeUnit.SECONDS);
            Thread.sleep(100);
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
