package io.litefleet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An S3 back end with a passing fault: the first PUT of each key reads the whole body and then
 * answers 500 InternalError, as S3 does now and then; the retry is stored. Reading the body first
 * matters: a 500 sent before it would spare the client from sending it at all.
 */
public final class FailFirstPutBlobStore extends ForwardingBlobStore {

    private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
    /** PUTs answered with 500. */
    public final AtomicInteger refused = new AtomicInteger();

    public FailFirstPutBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        if (refusedOnce.add(request.key())) {
            try {
                content.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            refused.incrementAndGet();
            throw new S3ProxyException(S3ErrorCode.INTERNAL_ERROR);
        }
        return super.putBlob(request, content);
    }
}
