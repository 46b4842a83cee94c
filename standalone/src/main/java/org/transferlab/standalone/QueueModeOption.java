package org.transferlab.standalone;

import java.util.Locale;
import picocli.CommandLine;
import org.transferlab.worker.QueueMode;

/** {@code --queue share|partitions}, in lower case as users type it. */
final class QueueModeOption implements CommandLine.ITypeConverter<QueueMode> {
    @Override
    public QueueMode convert(String value) {
        try {
            return QueueMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("--queue must be 'share' or 'partitions', got '" + value
                    + "'");
        }
    }
}
