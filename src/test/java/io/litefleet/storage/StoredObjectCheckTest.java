package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import io.litefleet.model.TenantSnapshot;
import io.litefleet.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which ETags are compared with the body's MD5: those S3 makes from the stored bytes, and only those. */
class StoredObjectCheckTest {

    /** MD5 of the empty body, as Content-MD5 and as the hex ETag S3 answers for it. */
    private static final String CONTENT_MD5 = "1B2M2Y8AsgTpgAmY7PhCfg==";
    private static final String ETAG = "\"d41d8cd98f00b204e9800998ecf8427e\"";
    private static final String OTHER_ETAG = "\"0f343b0931126a20f133d67c2b018a3b\"";
    private static final String KEY = "acme/orders/main/t1/20261130T000000.000Z.db.lz4";

    static S3Server s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    /** An empty object sent under KEY, with its MD5. */
    private static final TenantSnapshot SENT = TenantSnapshot.taken(KEY, Instant.EPOCH, "00", 0, Path.of("frame"))
            .framed(KEY, Path.of("frame"), 0, Optional.of(CONTENT_MD5));

    /** The object as S3Proxy stored it: not encrypted by a key service, so its ETag must be the MD5. */
    private static StoredObjectCheck check(ServerSideEncryption sse) {
        s3.putInStore(KEY, new byte[0]);
        return new StoredObjectCheck(sse, new S3Target(s3.client(), S3Server.BUCKET));
    }

    @Test
    void withoutEncryptionOrWithSseS3TheEtagMustBeTheMd5() {
        for (ServerSideEncryption sse : new ServerSideEncryption[] {ServerSideEncryption.NONE,
                new ServerSideEncryption(ServerSideEncryption.Mode.AES256, Optional.empty(), "")}) {
            assertDoesNotThrow(() -> check(sse).verify(ETAG, SENT));
            StoredObjectCheck check = check(sse);
            TargetException refused = assertThrows(TargetException.class, () -> check.verify(OTHER_ETAG, SENT));
            assertEquals("s3 stored something else than was sent: ETag 0f343b0931126a20f133d67c2b018a3b, MD5 of the body "
                    + "d41d8cd98f00b204e9800998ecf8427e", refused.getMessage());
            assertFalse(s3.allKeys().contains(KEY), "the damaged object is deleted");
            StoredObjectCheck again = check(sse);
            assertThrows(TargetException.class, () -> again.verify(null, SENT), "no ETag proves nothing");
        }
    }

    /** Their ETags are not the MD5 of the object: Content-MD5, which S3 checked before storing, is the check. */
    @Test
    void withSseKmsOrSseCTheEtagIsNotCompared() {
        for (ServerSideEncryption sse : new ServerSideEncryption[] {
                new ServerSideEncryption(ServerSideEncryption.Mode.KMS, Optional.empty(), ""),
                new ServerSideEncryption(ServerSideEncryption.Mode.CUSTOMER, Optional.empty(), CONTENT_MD5)}) {
            StoredObjectCheck check = new StoredObjectCheck(sse, new S3Target(s3.client(), S3Server.BUCKET));
            assertDoesNotThrow(() -> check.verify(OTHER_ETAG, SENT), "not even asked of the object");
        }
    }
}
