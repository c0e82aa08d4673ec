package io.litefleet.cycle;

import static io.litefleet.Messages.oneLine;

import java.sql.SQLException;

import io.litefleet.snapshot.SnapshotException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the exception that stopped one database into a one-line reason for logs and /stats. */
final class FailureReason {

    private FailureReason() {
    }

    /** Whether the destination (S3 or the file target) refused the object, rather than the database being unreadable. */
    static boolean isDestination(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkException || t instanceof GenericFileOperationFailedException) {
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
            if (t instanceof SnapshotException || t instanceof SQLException) {
                return oneLine(t.getMessage());
            }
            if (t instanceof SdkException) {
                return "upload failed: " + oneLine(t.getMessage());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()));
    }
}
