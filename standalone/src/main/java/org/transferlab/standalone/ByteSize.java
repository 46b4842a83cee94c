package org.transferlab.standalone;

import java.util.Locale;
import picocli.CommandLine;

/** A size in bytes as options take it: "1073741824", "512m", "8g", "64k" (powers of 1024). */
final class ByteSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new CommandLine.TypeConversionException("a size must be between 0 and 8e18 bytes: '" + value + "'");
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a size in bytes (e.g. 1073741824, 512m, 8g): '"
                    + value + "'");
        }
    }
}
