package org.transferlab.gateway;

import java.util.Locale;
import org.transferlab.protocol.event.EventType;

/** A job's state as the HTTP API reports it. */
public enum JobState {
    ACCEPTED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobState of(EventType t) {
        return switch (t) {
            case ACCEPTED -> ACCEPTED;
            case STARTED, PROGRESS -> RUNNING;
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }
}
