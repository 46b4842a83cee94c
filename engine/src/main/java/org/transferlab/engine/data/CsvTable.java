package org.transferlab.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A plain CSV table: one example per line, an integer class label first, then the features (no header;
 * blank lines and lines starting with '#' are skipped). The whole file is one split; the engine holds
 * out the test examples itself.
 */
public final class CsvTable {
    private CsvTable() {
    }

    /** The number of features, from the first data line only (for cost estimates); 0 when unknown. */
    public static int width(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t.split(",").length - 1;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    public static Examples read(Path file, Set<Integer> classes) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file + ": CSV file not found (see README, \"Real data\")");
        }
        IntList labels = new IntList();
        FloatList features = new FloatList();
        int dim = -1;
        long offset = 0;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                long lineOffset = offset;
                offset += line.length() + 1;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",");
                if (dim < 0) {
                    dim = cells.length - 1;
                    if (dim < 1) {
                        throw DataFileException.at(file.toString(), lineOffset, "line " + lineNo + " has no features after the label");
                    }
                } else if (cells.length - 1 != dim) {
                    throw DataFileException.at(file.toString(), lineOffset, "line " + lineNo + " has " + (cells.length - 1)
                            + " features, the first data line had " + dim);
                }
                int label;
                try {
                    label = Integer.parseInt(cells[0].strip());
                } catch (NumberFormatException e) {
                    throw DataFileException.at(file.toString(), lineOffset, "line " + lineNo + ": label '" + cells[0] + "' is not an integer");
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
                        throw DataFileException.at(file.toString(), lineOffset, "line " + lineNo + ", column " + (j + 1) + ": '"
                                + cells[j] + "' is not a number");
                    }
                    if (!Float.isFinite(v)) {
                        throw DataFileException.at(file.toString(), lineOffset, "line " + lineNo + ", column " + (j + 1) + " is not finite");
                    }
                    features.add(v);
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot read: " + e.getMessage());
        }
        if (dim < 0) {
            throw new DataFileException(file + ": no data lines");
        }
        return new Examples(file.toString(), dim, labels.toArray(), features.toArray());
    }
}
