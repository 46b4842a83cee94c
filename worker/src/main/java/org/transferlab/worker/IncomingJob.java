package org.transferlab.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.JobCommand;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;

/**
 * A record of {@code transfer.jobs} as the worker understands it: a bare spec (what kcat users
 * write) or a {@link JobCommand} envelope. Parsing is strict; anything else is {@link Unreadable}.
 */
public sealed interface IncomingJob {
    record Submit(ExperimentSpec spec) implements IncomingJob {
    }

    record Cancel(String jobId) implements IncomingJob {
    }

    record Unreadable(String message) implements IncomingJob {
    }

    static IncomingJob parse(byte[] value) {
        if (value == null || value.length == 0) {
            return new Unreadable("empty record value");
        }
        try {
            JsonNode tree;
            try {
                tree = SpecJson.mapper().readTree(value);
            } catch (IOException e) {
                return new Unreadable("not valid JSON: " + firstLine(e.getMessage()));
            }
            if (tree == null || !tree.isObject()) {
                return new Unreadable("expected a JSON object (a spec or a command envelope)");
            }
            if (tree.has("command")) {
                JobCommand cmd = SpecJson.read(value, JobCommand.class);
                if (cmd.command() == null) {
                    return new Unreadable("command: must be 'submit' or 'cancel'");
                }
                return switch (cmd.command()) {
                    case CANCEL -> cmd.jobId() == null ? new Unreadable("jobId: is required for cancel")
                            : new Cancel(cmd.jobId());
                    case SUBMIT -> cmd.spec() == null ? new Unreadable("spec: is required for submit")
                            : new Submit(cmd.spec());
                };
            }
            return new Submit(SpecJson.parseSpec(value));
        } catch (InvalidSpecException e) {
            return new Unreadable(e.getMessage());
        } catch (RuntimeException e) {
            return new Unreadable("unreadable: " + e);
        }
    }

    static String describe(java.util.List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(java.util.stream.Collectors.joining("; "));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }
}
