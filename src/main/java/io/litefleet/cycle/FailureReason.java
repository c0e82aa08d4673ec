package io.litefleet.cycle;

import static io.litefleet.model.Messages.oneLine;

import java.sql.SQLException;

import io.litefleet.snapshot.SnapshotException;
import io.litefleet.storage.TargetException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the exception that stopped one database into a one-line reason for logs and /stats. */
final class FailureReason {

    private FailureReason() {
    }

    /** Whether the target (S3 or the file target) refused the object, rather than the database being unreadable. */
    static boolean isTarget(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkException || t instanceof TargetException) {
                return true;
            }
        }
        return false;
    }

    static String of(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        // Camel wraps exceptions; the most specific one we understand tells the story.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SnapshotException || t instanceof SQLException || t instanceof TargetException && t.getCause() == null) {
                return oneLine(t.getMessage());
            }
            if (t instanceof AwsServiceException refused && refused.awsErrorDetails() != null) {
                // status and error code only: the request id changes every time, and a reason that
                // changes every cycle would be logged every cycle
                return "upload failed: HTTP " + refused.statusCode() + " " + refused.awsErrorDetails().errorCode()
                        + (refused.awsErrorDetails().errorMessage() == null ? "" : ": " + oneLine(refused.awsErrorDetails().errorMessage()));
            }
            if (t instanceof SdkException) {
                return "upload failed: " + oneLine(t.getMessage()).replaceAll("\\s*\\((SDK Attempt Count|Request ID|Service): [^)]*\\)", "");
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()));
    }
}
