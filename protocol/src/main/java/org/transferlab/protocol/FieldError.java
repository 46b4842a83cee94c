package org.transferlab.protocol;

/** One thing wrong with a submitted spec: the JSON path of the field (e.g. {@code target.samples}) and why. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
