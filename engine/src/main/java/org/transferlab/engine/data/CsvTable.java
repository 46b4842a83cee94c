package org.transferlab.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * A plain CSV table: one example per line, an integer class label first, then the features (no header;
 * blank lines and lines starting with '#' are skipped). The whole file is one split; the engine holds
 * out the test examples itself. Errors name the file (relative to its root), the line and the column,
 * never what the file holds there.
 */
public final class CsvTable {
    /** The longest line read: 4096 features of 20 characters each fit with room to spare. */
    static final int MAX_LINE = 1 << 17;
    /** How much of a file {@link #width} reads at most. */
    static final int WIDTH_PREFIX = 1 << 20;

    private CsvTable() {
    }

    /** Yields lines of at most {@link #MAX_LINE} characters, with their number and byte offset. */
    private static final class Lines {
        private final InputStream in;
        private final DataFile file;
        private final long limit;
        private final byte[] buffer = new byte[MAX_LINE];
        private long offset;
        private long lineOffset;
        private int lineNo;

        Lines(InputStream in, DataFile file, long limit) {
            this.in = in;
            this.file = file;
            this.limit = limit;
        }

        /** The next line, or null at the end of the file (or of the limit). */
        String next() throws IOException {
            int n = 0;
            lineOffset = offset;
            while (offset < limit) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                offset++;
                if (b == '\n') {
                    lineNo++;
                    return new String(buffer, 0, n, StandardCharsets.UTF_8);
                }
                if (n == MAX_LINE) {
                    throw DataFileException.at(file.name(), lineOffset, "line " + (lineNo + 1) + " is longer than "
                            + MAX_LINE + " bytes");
                }
                buffer[n++] = (byte) b;
            }
            if (n == 0) {
                return null;
            }
            lineNo++;
            return new String(buffer, 0, n, StandardCharsets.UTF_8);
        }
    }

    /**
     * The number of features, from the first data line within the file's first {@link #WIDTH_PREFIX}
     * bytes (for cost estimates); 0 when there is none there.
     */
    public static int width(DataFile file) {
        try (InputStream in = file.open()) {
            Lines lines = new Lines(in, file, WIDTH_PREFIX);
            String line;
            while ((line = lines.next()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t.split(",").length - 1;
                }
            }
            return 0;
        } catch (IOException e) {
            throw file.unreadable(e);
        }
    }

    public static Examples read(DataFile file, Set<Integer> classes) {
        IntList labels = new IntList();
        FloatList features = new FloatList();
        int dim = -1;
        try (InputStream in = file.open()) {
            Lines lines = new Lines(in, file, Long.MAX_VALUE);
            String line;
            while ((line = lines.next()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String where = "line " + lines.lineNo;
                String[] cells = t.split(",");
                if (dim < 0) {
                    dim = cells.length - 1;
                    if (dim < 1 || dim > SpecValidator.MAX_INPUT_DIM) {
                        throw DataFileException.at(file.name(), lines.lineOffset, where + " has " + dim
                                + " features after the label; 1 to " + SpecValidator.MAX_INPUT_DIM + " are read");
                    }
                } else if (cells.length - 1 != dim) {
                    throw DataFileException.at(file.name(), lines.lineOffset, where + " has " + (cells.length - 1)
                            + " features, the first data line had " + dim);
                }
                int label;
                try {
                    label = Integer.parseInt(cells[0].strip());
                } catch (NumberFormatException e) {
                    throw DataFileException.at(file.name(), lines.lineOffset, where + ": the label is not an integer");
                }
                if (!classes.contains(label)) {
                    continue;
                }
                labels.add(label);
                for (int j = 1; j <= dim; j++) {
                    float v;
                    try {
                        v = Float.parseFloat(cells[j].strip());
                    } catch (NumberFormatException e) {
                        throw DataFileException.at(file.name(), lines.lineOffset, where + ", column " + (j + 1) + " is not a number");
                    }
                    if (!Float.isFinite(v)) {
                        throw DataFileException.at(file.name(), lines.lineOffset, where + ", column " + (j + 1) + " is not finite");
                    }
                    features.add(v);
                }
            }
        } catch (IOException e) {
            throw file.unreadable(e);
        }
        if (dim < 0) {
            throw new DataFileException(file.name() + ": no data lines");
        }
        return new Examples(file.name(), dim, labels.toArray(), features.toArray());
    }
}
