package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which ETags are compared with the body's MD5: those S3 makes from the stored bytes, and only those. */
class StoredObjectCheckTest {

    /** MD5 of the empty body, as Content-MD5 and as the hex ETag S3 answers for it. */
    private static final String CONTENT_MD5 = "1B2M2Y8AsgTpgAmY7PhCfg==";
    private static final String ETAG = "\"d41d8cd98f00b204e9800998ecf8427e\"";
    private static final String OTHER_ETAG = "\"0f343b0931126a20f133d67c2b018a3b\"";
    private static final String KEY = "acme/orders/main/t1/20261130T000000.000Z.db.lz4";

    @TempDir
    Path replica;

    @Test
    void withoutEncryptionOrWithSseS3TheEtagMustBeTheMd5() {
        for (ServerSideEncryption sse : new ServerSideEncryption[] {ServerSideEncryption.NONE,
                new ServerSideEncryption(ServerSideEncryption.Mode.AES256, Optional.empty(), "")}) {
            StoredObjectCheck check = new StoredObjectCheck(sse, new FileTarget(replica));
            assertDoesNotThrow(() -> check.verify(ETAG, CONTENT_MD5, KEY));
            TargetException refused = assertThrows(TargetException.class, () -> check.verify(OTHER_ETAG, CONTENT_MD5, KEY));
            assertEquals("s3 stored something else than was sent: ETag 0f343b0931126a20f133d67c2b018a3b, MD5 of the body "
                    + "d41d8cd98f00b204e9800998ecf8427e", refused.getMessage());
            assertThrows(TargetException.class, () -> check.verify(null, CONTENT_MD5, KEY), "no ETag proves nothing");
        }
    }

    /** Their ETags are not the MD5 of the object: Content-MD5, which S3 checked before storing, is the check. */
    @Test
    void withSseKmsOrSseCTheEtagIsNotCompared() {
        for (ServerSideEncryption sse : new ServerSideEncryption[] {
                new ServerSideEncryption(ServerSideEncryption.Mode.KMS, Optional.empty(), ""),
                new ServerSideEncryption(ServerSideEncryption.Mode.CUSTOMER, Optional.empty(), CONTENT_MD5)}) {
            StoredObjectCheck check = new StoredObjectCheck(sse, new FileTarget(replica));
            assertDoesNotThrow(() -> check.verify(OTHER_ETAG, CONTENT_MD5, KEY));
        }
    }
}
