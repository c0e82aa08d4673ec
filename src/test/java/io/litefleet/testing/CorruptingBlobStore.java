package io.litefleet.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.litefleet.storage.OwnerMarker;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An S3 server that answers 200 and stores something else than it was sent, as servers that do not
 * decode {@code aws-chunked} do (they keep the chunk framing as the body): while {@link #corrupting}
 * is set, every snapshot PUT is stored with one byte changed, its {@code Content-MD5} ignored. The
 * ETag it answers is that of what it stored, as a real server's is.
 */
public final class CorruptingBlobStore extends ForwardingBlobStore {

    public volatile boolean corrupting = true;
    /** Snapshot PUTs stored altered. */
    public final AtomicInteger corrupted = new AtomicInteger();

    public CorruptingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        if (!corrupting || request.key().startsWith(OwnerMarker.RESERVED_PREFIX)) {
            return super.putBlob(request, content);
        }
        byte[] body;
        try {
            body = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        body[body.length / 2] ^= 0x5a;
        corrupted.incrementAndGet();
        return super.putBlob(request.toBuilder().contentMD5(null).build(), new ByteArrayInputStream(body));
    }
}
