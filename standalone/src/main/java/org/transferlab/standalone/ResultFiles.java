package org.transferlab.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.transferlab.plot.SvgPlots;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultCsv;
import org.transferlab.protocol.spec.SpecJson;

/** The files {@code run} leaves behind for a completed job. */
final class ResultFiles {
    private ResultFiles() {
    }

    /**
     * Writes result.json (pretty), result.csv, series.csv (curves and spectra in long format) and the
     * plots into {@code dir}; returns the files written.
     */
    static List<Path> write(JobResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("result.json");
        Files.writeString(json, SpecJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        Path csv = dir.resolve("result.csv");
        Files.writeString(csv, ResultCsv.write(result));
        Path series = dir.resolve("series.csv");
        Files.writeString(series, ResultCsv.writeSeries(result));
        List<Path> files = new ArrayList<>(List.of(json, csv, series));
        try {
            files.addAll(SvgPlots.write(result, dir));
        } catch (RuntimeException e) {
            System.err.println("warning: " + e.getMessage());
        }
        return files;
    }
}
