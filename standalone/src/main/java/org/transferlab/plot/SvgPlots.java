package org.transferlab.plot;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;

/**
 * Turns a job's result into standalone SVG charts, one file per panel, without any plotting library.
 *
 * <p>Files written (names are fixed so a figure can be found without reading the result):
 * <ul>
 *   <li>{@code test-loss-vs-<x>.svg} when the spec has a sweep: test loss against the first swept key,
 *       {@code <x>} being its paper symbol (nu2, nu1, alpha_s, alpha_g, gamma1, gamma2; P2 or P1 when the
 *       rows lack the derived nu ratio) or the spec path itself; with more than {@value SweepPanels#MAX_SERIES_PER_PANEL} series and several protocols,
 *       {@code test-loss-vs-<x>-<protocol>.svg} per protocol instead, on shared axes;</li>
 *   <li>{@code test-loss-vs-steps.svg} (or {@code test-loss-vs-steps-<protocol>.svg}, same rule) when
 *       rows carry test-loss curves;</li>
 *   <li>{@code test-loss-by-protocol.svg} when there is neither sweep nor curve;</li>
 *   <li>{@code preactivations.svg} (or {@code preactivations-<protocol>.svg}, same rule) when rows carry
 *       the target model's preactivation density;</li>
 *   <li>{@code alignment-vs-steps.svg} (same rule) when rows carry the kernel-target alignment A(t);</li>
 *   <li>{@code kernel-spectrum-source.svg} and {@code kernel-spectrum-target.svg} (same rule) when rows
 *       carry the spectra of the source and target adaptive kernels.</li>
 * </ul>
 * Characters other than letters, digits, '.', '_' and '-' in a name part become '_'. A result without
 * rows gives no file. Existing files of the same name are replaced.
 *
 * <p>Drawing rules: theory and kernel are lines (solid and dashed against a swept key; dashed and dotted
 * against steps, where simulation is solid), simulation is points with standard-error bars (a band on
 * curves); a theory line and its simulation share a colour. An axis is logarithmic when its values are
 * not negative and the positive ones span a factor of 20 or more (zeros, such as step 0, are then not
 * drawn). Missing values (null, NaN) are skipped and break lines; they are never drawn as zero.
 */
public final class SvgPlots {
    /**
     * The protocol mapper, made lenient for reading results only: a result.json may come from a newer
     * engine with fields this one does not know, or from a tool (Python's json) that writes a missing
     * loss as a bare NaN token. (Jackson's own "NaN" strings read back under the strict mapper too.)
     */
    private static final ObjectMapper RESULT_READER = resultReader();

    private SvgPlots() {
    }

    /** Writes every panel of the result into dir (created if missing) and returns the files in order. */
    public static List<Path> write(JobResult result, Path dir) {
        String title = result.spec() != null && result.spec().name() != null && !result.spec().name().isBlank()
                ? result.spec().name()
                : result.jobId() != null ? result.jobId() : "TransferLab result";
        List<Panel> panels = new ArrayList<>(SweepPanels.build(result, title));
        panels.addAll(CurvePanels.build(result, title));
        if (panels.isEmpty()) {
            panels.addAll(SummaryPanel.build(result, title));
        }
        panels.addAll(DensityPanels.build(result, title));
        panels.addAll(CurvePanels.alignment(result, title));
        panels.addAll(SpectrumPanels.build(result, title));
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            for (Panel panel : panels) {
                Path file = dir.resolve(panel.fileName());
                Files.writeString(file, PanelRenderer.render(panel), StandardCharsets.UTF_8);
                written.add(file);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plots to " + dir, e);
        }
    }

    /** Reads a result.json and writes its panels, as {@link #write(JobResult, Path)}. */
    public static List<Path> write(Path resultJson, Path dir) {
        JobResult result;
        try {
            result = RESULT_READER.readValue(resultJson.toFile(), JobResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read result " + resultJson, e);
        }
        return write(result, dir);
    }

    private static ObjectMapper resultReader() {
        return SpecJson.mapper().copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    }
}
