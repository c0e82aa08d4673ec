package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureReasonTest {

    /** The same refusal must read the same every cycle, or it would be logged every cycle. */
    @Test
    void anS3RefusalReadsTheSameWhateverItsRequestId() {
        String first = FailureReason.of(new RuntimeCamelException(refusal("F75F20A4")));
        String second = FailureReason.of(refusal("04ABCD8A"));

        assertEquals(first, second);
        assertEquals("upload failed: HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match", first);
        assertTrue(FailureReason.isTarget(new RuntimeCamelException(refusal("x"))));
    }

    @Test
    void aConnectionFailureDropsTheAttemptCount() {
        String reason = FailureReason.of(SdkClientException.create(
                "Unable to execute HTTP request: Connect to 127.0.0.1:9 failed: Connection refused (SDK Attempt Count: 4)"));

        assertEquals("upload failed: Unable to execute HTTP request: Connect to 127.0.0.1:9 failed: Connection refused", reason);
    }

    @Test
    void aBrokenDatabaseIsNotATargetFailure() {
        assertFalse(FailureReason.isTarget(new java.sql.SQLException("[SQLITE_CORRUPT] malformed")));
    }

    private static S3Exception refusal(String requestId) {
        return (S3Exception) S3Exception.builder().statusCode(403).requestId(requestId)
                .message("The request signature we calculated does not match (Service: S3, Status Code: 403, Request ID: " + requestId + ")")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("SignatureDoesNotMatch")
                        .errorMessage("The request signature we calculated does not match").build())
                .build();
    }
}
