package org.transferlab.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents 1.0 attributes in Kafka's binary content mode: each attribute is a {@code ce_*} header,
 * the value is the JSON data. Kept free of Kafka types so that any role (and any non-Java client,
 * following docs/api.md) can build the same headers.
 */
public final class CloudEvents {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String TYPE_SUBMIT = "org.transferlab.job.submit";
    public static final String TYPE_CANCEL = "org.transferlab.job.cancel";
    public static final String TYPE_RESULT = "org.transferlab.job.result";
    public static final String TYPE_DLQ = "org.transferlab.job.deadletter";
    public static final String HEADER_TYPE = "ce_type";
    /** Extension attribute on DLQ records: the reason code. */
    public static final String HEADER_REASON = "ce_reason";

    private CloudEvents() {
    }

    /** Headers for one message: id (fresh), source (the emitting role), type, subject (job id), time. */
    public static Map<String, String> headers(String source, String type, String jobId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce_specversion", SPEC_VERSION);
        h.put("ce_id", UUID.randomUUID().toString());
        h.put("ce_source", source);
        h.put(HEADER_TYPE, type);
        if (jobId != null) {
            h.put("ce_subject", jobId);
        }
        h.put("ce_time", Instant.now().toString());
        h.put("content-type", CONTENT_TYPE);
        return h;
    }
}
