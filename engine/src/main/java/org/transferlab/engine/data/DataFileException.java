package org.transferlab.engine.data;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/** A data file that is missing, truncated or not in the format it claims: names the file and the byte offset. */
public final class DataFileException extends EngineException {
    public DataFileException(String message) {
        super(FailureCode.INVALID_SPEC, message);
    }

    static DataFileException at(String file, long offset, String what) {
        return new DataFileException(file + ": " + what + " at byte offset " + offset);
    }
}
