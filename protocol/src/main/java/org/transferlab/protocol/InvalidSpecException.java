package org.transferlab.protocol;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be accepted, with every field-level problem found (not just the first). */
public class InvalidSpecException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
