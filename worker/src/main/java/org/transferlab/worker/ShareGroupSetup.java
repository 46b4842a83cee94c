package org.transferlab.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;

/**
 * The settings of the workers' share group, set by every worker before it joins (idempotent):
 * a new group starts at the beginning of {@code transfer.jobs} (a share group's default is its end,
 * which would skip jobs submitted before the first worker came up), and a record's acquisition lock
 * lasts {@link #LOCK_DURATION_MS}, the broker's minimum: a killed worker's job becomes available again
 * that long after the worker last renewed it.
 */
final class ShareGroupSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupSetup.class);
    /** The broker's default {@code group.share.min.record.lock.duration.ms}. */
    static final int LOCK_DURATION_MS = 15_000;

    private ShareGroupSetup() {
    }

    /** Blocking (Admin calls): run on a worker thread. Logs a warning when the cluster refuses. */
    static void ensure(KafkaSettings kafka, String group) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", String.valueOf(LOCK_DURATION_MS)),
                        AlterConfigOp.OpType.SET));
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not fatal: an operator may have set them (a worker without ALTER_CONFIGS on the group cannot)
            LOG.warn("could not set share.auto.offset.reset=earliest and share.record.lock.duration.ms={} on the "
                    + "share group {} ({}); set them with kafka-configs.sh --entity-type groups", LOCK_DURATION_MS,
                    group, e.getCause() != null ? e.getCause().toString() : e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted configuring the share group " + group, e);
        }
        LOG.debug("share group {} reads from the earliest job, lock {} ms", group, LOCK_DURATION_MS);
    }
}
