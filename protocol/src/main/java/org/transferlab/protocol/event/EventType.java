package org.transferlab.protocol.event;

/** Lifecycle of a job as seen on {@code transfer.events}; the last four end a job. */
public enum EventType {
    ACCEPTED, STARTED, PROGRESS, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The CloudEvents {@code ce_type} of this event. */
    public String cloudEventType() {
        return "org.transferlab.job." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
