package io.litefleet.testing;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A deliberately slow S3 back end that measures how many snapshot uploads (distinct keys) it serves at once;
 * an SDK retry of an upload still held here is the same upload, not another one. Each PUT is held
 * until {@code gate} uploads are in flight together (or a generous timeout passes), then for
 * {@code holdMillis} more, so the peak does not depend on how fast a busy machine gets the uploads
 * started.
 */
public final class SlowPutBlobStore extends ForwardingBlobStore {

    private final CountDownLatch gate;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private final long holdMillis;

    /**
     * @param gate       uploads in flight together before any proceeds
     * @param holdMillis how long each PUT is then held, so the uploads behind the gate can join
     */
    public SlowPutBlobStore(BlobStore delegate, int gate, long holdMillis) {
        super(delegate);
        this.gate = new CountDownLatch(gate);
        this.holdMillis = holdMillis;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        String key = request.key();
        if (key.startsWith(".litefleet/")) {
            // LiteFleet's own owner marker, written before the uploads start: held at the gate, it
            // waited for uploads that could not start before it, until the SDK's call timeout (2 min)
            return super.putBlob(request, content);
        }
        boolean first;
        synchronized (inFlight) {
            first = inFlight.merge(key, 1, Integer::sum) == 1;
            maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
        }
        try {
            if (first) {
                gate.countDown();
            }
            gate.await(30, TimeUnit.SECONDS);
            Thread.sleep(holdMillis);
            return super.putBlob(request, content);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            synchronized (inFlight) {
                inFlight.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }
}
