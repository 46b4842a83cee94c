package org.transferlab.engine.data;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * A dataset that cannot be used: missing, refused by the data root's confinement, truncated or not in
 * the format it claims. Names the spec field or the file (relative to its root) and the byte offset,
 * never what the file holds.
 */
public final class DataFileException extends EngineException {
    private final String field;

    public DataFileException(String message) {
        this(null, message);
    }

    /** A problem of a spec field (e.g. {@code source.task.path}): the message is "field: what". */
    DataFileException(String field, String what) {
        super(FailureCode.INVALID_SPEC, field == null ? what : field + ": " + what);
        this.field = field;
    }

    /** The spec field at fault, or null when the problem is in a file's content. */
    public String field() {
        return field;
    }

    static DataFileException at(String file, long offset, String what) {
        return new DataFileException(file + ": " + what + " at byte offset " + offset);
    }
}
