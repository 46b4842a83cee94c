package org.transferlab.engine.run;

import org.transferlab.protocol.FailureCode;

/** A computation that cannot produce an honest number; the code says why (the failure codes are listed in docs/api.md). */
public class EngineException extends RuntimeException {
    private final FailureCode code;

    public EngineException(FailureCode code, String message) {
        super(message);
        this.code = code;
    }

    public EngineException(FailureCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
