package io.litefleet.testing;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.litefleet.storage.OwnerMarker;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server (S3Proxy over an in-memory store, or files) on a loopback port, with SigV4
 * authentication, that can be stopped and started again on the same port with the same content.
 */
public final class S3Server implements AutoCloseable {

    public static final String BUCKET = "fleet";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-must-never-be-logged";

    private final BlobStore store;
    private final CountingBlobStore requests;
    private S3Proxy proxy;
    private int port;
    private final S3Client client;

    private S3Server(BlobStore store) throws Exception {
        this.store = store;
        this.requests = store instanceof CountingBlobStore counting ? counting : null;
        start(0);
        client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(b -> b.bucket(BUCKET));
    }

    public static S3Server start() throws Exception {
        return new S3Server(new TransientNio2BlobStore());
    }

    /** Storing objects as files under {@code directory}, for more data than the heap holds. */
    public static S3Server onDisk(Path directory) throws Exception {
        return new S3Server(new FilesystemNio2BlobStore(directory.toString()));
    }

    /** Counting the requests it serves: see {@link #requests()}. */
    public static S3Server startCounting() throws Exception {
        return new S3Server(new CountingBlobStore(new TransientNio2BlobStore()));
    }

    /** The requests served, for a server started with {@link #startCounting()}. */
    public CountingBlobStore requests() {
        return requests;
    }

    /** With the store wrapped, e.g. in a {@link SlowPutBlobStore}. */
    public static S3Server start(UnaryOperator<BlobStore> wrapper) throws Exception {
        return new S3Server(wrapper.apply(new TransientNio2BlobStore()));
    }

    private void start(int onPort) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .jettyMaxThreads(256)
                .build();
        proxy.start();
        Await.until(Duration.ofSeconds(30), "S3Proxy started", () -> proxy.getState().equals("STARTED"));
        port = proxy.getPort();
    }

    /** Takes the server off the network; its content survives for {@link #restart()}. */
    public void stop() throws Exception {
        proxy.stop();
    }

    public void restart() throws Exception {
        start(port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The LiteFleet properties that point at this server. */
    public Map<String, String> targetProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("litefleet.target", "s3");
        p.put("litefleet.s3.bucket", BUCKET);
        p.put("litefleet.s3.endpoint", endpoint().toString());
        p.put("litefleet.s3.force-path-style", "true");
        p.put("litefleet.s3.access-key", ACCESS_KEY);
        p.put("litefleet.s3.secret-key", SECRET_KEY);
        return p;
    }

    public S3Client client() {
        return client;
    }

    /** Every key in the bucket but LiteFleet's own {@code .litefleet/} objects (the owner marker), through a paginated listing. */
    public List<String> keys() {
        return allKeys().stream().filter(k -> !k.startsWith(OwnerMarker.RESERVED_PREFIX)).toList();
    }

    /** Every key in the bucket, through a paginated listing. */
    public List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /**
     * Stores an object straight into the server's store, not over HTTP: for keys a real bucket can
     * hold but S3Proxy's URI parser refuses in a request, such as ones with {@code ..} segments.
     */
    public void putInStore(String key, byte[] content) {
        store.putBlob(PutObjectRequest.builder().bucket(BUCKET).key(key).contentLength((long) content.length).build(),
                new java.io.ByteArrayInputStream(content));
    }

    public ResponseInputStream<GetObjectResponse> get(String key) {
        return client.getObject(b -> b.bucket(BUCKET).key(key));
    }

    public byte[] bytes(String key) throws Exception {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        if (proxy.getState().equals("STARTED")) {
            proxy.stop();
        }
    }
}
