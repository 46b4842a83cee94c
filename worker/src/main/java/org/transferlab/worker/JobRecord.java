package org.transferlab.worker;

/**
 * One record of {@code transfer.jobs} as the job pipeline sees it, whichever consumer delivered it.
 *
 * @param partition     partition of {@code transfer.jobs}
 * @param offset        offset in that partition
 * @param key           record key (a job id, or null for a bare spec written by hand)
 * @param value         record value (a spec or a command envelope)
 * @param delivery      which delivery of the record this is, from 1
 * @param redeliverable true if a transient failure may hand the record back to the queue for another
 *                      delivery (a share group below its delivery limit) instead of retrying here
 */
public record JobRecord(int partition, long offset, String key, byte[] value, int delivery, boolean redeliverable) {

    /** Where the record came from, for logs and the dead-letter header. */
    public String origin() {
        return org.transferlab.protocol.Topics.JOBS + "/" + partition + "@" + offset;
    }
}
