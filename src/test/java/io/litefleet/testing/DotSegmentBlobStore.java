package io.litefleet.testing;

import java.io.InputStream;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A bucket that holds keys with {@code .} and {@code ..} segments, as AWS S3 does: S3Proxy's file
 * stores refuse them as path traversal, so they are kept under stand-in names and listed as they
 * were put. For a store's worst case, e.g. {@code ../../../t/20261127T051500.123Z.db.lz4}.
 */
public final class DotSegmentBlobStore extends ForwardingBlobStore {

    private static final String DOT = "\u2024dot\u2024";

    public DotSegmentBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        return super.putBlob(request.toBuilder().key(stored(request.key())).build(), content);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        return super.getBlob(request.toBuilder().key(stored(request.key())).build());
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        ListObjectsV2Response response = super.list(request.prefix() == null ? request
                : request.toBuilder().prefix(stored(request.prefix())).build());
        return response.toBuilder()
                .contents(response.contents().stream().map(o -> o.toBuilder().key(listed(o.key())).build()).toList())
                .build();
    }

    private static String stored(String key) {
        return segments(key, s -> s.equals(".") || s.equals("..") ? s.replace(".", DOT) : s);
    }

    private static String listed(String key) {
        return segments(key, s -> s.replace(DOT, "."));
    }

    private static String segments(String key, UnaryOperator<String> each) {
        return Arrays.stream(key.split("/", -1)).map(each).collect(Collectors.joining("/"));
    }
}
