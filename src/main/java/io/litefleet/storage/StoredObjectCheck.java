package io.litefleet.storage;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.litefleet.model.TenantSnapshot;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Refuses to count an S3 upload as done unless S3 stored the bytes that were sent. Every PUT carries
 * the body's MD5 as {@code Content-MD5}, which S3 (and most S3-compatible servers) check before they
 * store anything; and where the ETag of the stored object is its MD5 (a single-part PUT without
 * SSE-KMS or SSE-C), it is compared with the MD5 computed while the frame was written. The second
 * check catches servers that ignore {@code Content-MD5} and answer 200 for something else, such as
 * a body whose {@code aws-chunked} framing they did not decode.
 */
public final class StoredObjectCheck {

    private final ServerSideEncryption encryption;
    private final S3Target target;

    /** @param target where a wrongly stored object is deleted from */
    public StoredObjectCheck(ServerSideEncryption encryption, S3Target target) {
        this.encryption = encryption;
        this.target = target;
    }

    /**
     * @param etag     the ETag S3 answered, quoted as S3 sends it
     * @param snapshot what was sent: its key and the base64 MD5 of its bytes
     * @throws TargetException naming both, when they differ
     */
    public void verify(@Header("CamelAwsS3ETag") String etag, @ExchangeProperty(TenantSnapshot.PROPERTY) TenantSnapshot snapshot)
            throws TargetException {
        if (!encryption.etagIsMd5()) {
            // SSE-KMS and SSE-C ETags are not the MD5 of anything LiteFleet knows: Content-MD5 alone
            return;
        }
        String key = snapshot.key();
        String sent = HexFormat.of().formatHex(Base64.getDecoder().decode(snapshot.bodyMd5().orElseThrow()));
        String stored = etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
        if (!stored.equals(sent) && !encryptedByTheBucket(key)) {
            String reason = "s3 stored something else than was sent: ETag " + (etag == null ? "(none)" : stored) + ", MD5 of the body " + sent;
            // a damaged object under a snapshot key would be what a restore picks as the newest
            try {
                target.delete(List.of(key));
            } catch (IOException e) {
                reason += "; the damaged object is left at " + key + " (" + e.getMessage() + ")";
            }
            throw new TargetException(reason);
        }
    }

    /**
     * With {@code litefleet.s3.sse=none} the bucket's default encryption applies, and a default of
     * SSE-KMS makes an ETag that is no MD5: asked of the object (one HEAD) only when they differ.
     */
    private boolean encryptedByTheBucket(String key) throws TargetException {
        try {
            return target.keyEncrypted(key);
        } catch (IOException e) {
            throw new TargetException("s3 answered an ETag that is not the body's MD5, and its encryption cannot be read: " + e.getMessage());
        }
    }
}
