package io.litefleet.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the S3 requests actually sent, each retry included, by the price class S3 bills them in.
 * Installed on the S3 client as an SDK interceptor, so it sees every request whichever code made it.
 */
public final class S3RequestCounter implements ExecutionInterceptor {

    /** S3's price classes: PUT, COPY, POST and LIST cost the same; GET and HEAD; DELETE is free. */
    public enum RequestClass { PUT, GET, LIST, DELETE, OTHER }

    private final Map<RequestClass, LongAdder> counts = new LinkedHashMap<>();

    public S3RequestCounter() {
        for (RequestClass c : RequestClass.values()) {
            counts.put(c, new LongAdder());
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        counts.get(classify(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))).increment();
    }

    static RequestClass classify(String operation) {
        return switch (operation == null ? "" : operation) {
            case "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" -> RequestClass.PUT;
            case "GetObject", "HeadObject", "HeadBucket" -> RequestClass.GET;
            case "ListObjectsV2", "ListObjects", "ListBuckets" -> RequestClass.LIST;
            case "DeleteObject", "DeleteObjects" -> RequestClass.DELETE;
            default -> RequestClass.OTHER;
        };
    }

    public long count(RequestClass requestClass) {
        return counts.get(requestClass).sum();
    }
}
