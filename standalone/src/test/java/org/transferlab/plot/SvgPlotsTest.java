package org.transferlab.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transferlab.plot.Results.curve;
import static org.transferlab.plot.Results.grid;
import static org.transferlab.plot.Results.result;
import static org.transferlab.plot.Results.row;
import static org.transferlab.plot.Results.spec;
import static org.transferlab.plot.Results.sweepRows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.result.Density;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.SpecJson;
import org.w3c.dom.Element;

class SvgPlotsTest {
    @TempDir
    Path dir;

    @Test
    void twoKeySweepDrawsTheoryLinesAndSimulationPointsWithErrorBars() throws Exception {
        List<Integer> samples = List.of(20, 40, 80);
        List<Double> alignments = List.of(0.0, 0.5);
        JobResult result = result(spec("alignment sweep", grid(samples, alignments)), sweepRows(samples, alignments));

        List<Path> files = SvgPlots.write(result, dir);

        // 2 protocols x 2 alignments x 2 methods = 8 series: few enough for one chart.
        assertThat(files).containsExactly(dir.resolve("test-loss-vs-nu2.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(svg.seriesLabels()).containsExactly(
                "scratch, theory, alpha_s=0", "scratch, simulation, alpha_s=0",
                "scratch, theory, alpha_s=0.5", "scratch, simulation, alpha_s=0.5",
                "finetune, theory, alpha_s=0", "finetune, simulation, alpha_s=0",
                "finetune, theory, alpha_s=0.5", "finetune, simulation, alpha_s=0.5");
        for (String protocol : List.of("scratch", "finetune")) {
            for (String a : List.of("0", "0.5")) {
                Element theory = svg.series(protocol + ", theory, alpha_s=" + a);
                List<Element> paths = Svg.children(theory, "path");
                assertThat(paths).hasSize(1);
                assertThat(Svg.vertices(paths.get(0))).isEqualTo(samples.size());
                assertThat(Svg.subPaths(paths.get(0))).isEqualTo(1);
                assertThat(Svg.children(theory, "circle")).isEmpty();

                Element sim = svg.series(protocol + ", simulation, alpha_s=" + a);
                assertThat(Svg.children(sim, "path")).isEmpty();
                assertThat(Svg.children(sim, "circle")).hasSize(samples.size());
                List<Element> bars = svg.all("//g[@class='series'][title='" + protocol + ", simulation, alpha_s=" + a
                        + "']/line[@class='error-bar']");
                assertThat(bars).hasSize(samples.size());
                for (Element bar : bars) {
                    double y1 = Double.parseDouble(bar.getAttribute("y1"));
                    double y2 = Double.parseDouble(bar.getAttribute("y2"));
                    assertThat(y1).isGreaterThan(y2); // the lower end is lower on screen
                    assertThat(bar.getAttribute("x1")).isEqualTo(bar.getAttribute("x2"));
                }
                // Theory and the simulation it predicts share a colour.
                assertThat(Svg.children(sim, "circle").get(0).getAttribute("fill"))
                        .isEqualTo(paths.get(0).getAttribute("stroke"));
            }
        }
        assertThat(svg.texts("//g[@class='legend']/text")).containsExactlyElementsOf(svg.seriesLabels());
        assertThat(svg.texts("//text[@class='axis-label']")).containsExactly("nu2 = P2/D", "test loss");
        // nu2 spans 1..4 and the losses well under a decade: both axes linear, nu2 ticks from the data.
        assertThat(svg.texts("//text[@class='tick-label']")).contains("1", "2", "3", "4", "0.1", "0.2");
        assertThat(svg.texts("//text")).contains("alignment sweep");
    }

    @Test
    void manySeriesAreSplitPerProtocolOnSharedAxes() throws Exception {
        List<Integer> samples = List.of(20, 40);
        List<Double> alignments = List.of(0.0, 0.5, 1.0);
        JobResult result = result(spec("split", grid(samples, alignments)), sweepRows(samples, alignments));

        List<Path> files = SvgPlots.write(result, dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-vs-nu2-scratch.svg"),
                dir.resolve("test-loss-vs-nu2-finetune.svg"));
        Svg scratch = Svg.read(files.get(0));
        Svg finetune = Svg.read(files.get(1));
        assertThat(scratch.seriesLabels()).hasSize(6).allMatch(l -> l.startsWith("scratch, "));
        assertThat(finetune.seriesLabels()).hasSize(6).allMatch(l -> l.startsWith("finetune, "));
        assertThat(scratch.texts("//text[@class='tick-label']"))
                .isEqualTo(finetune.texts("//text[@class='tick-label']"));
        // Each chart starts the palette afresh, so its own series get the most distinct colours.
        assertThat(Svg.children(scratch.series("scratch, theory, alpha_s=0"), "path").get(0).getAttribute("stroke"))
                .isEqualTo(Svg.children(finetune.series("finetune, theory, alpha_s=0"), "path").get(0)
                        .getAttribute("stroke"));
    }

    @Test
    void aSweepOverNamesPutsThemSideBySide() throws Exception {
        Map<String, List<Object>> sweep = Map.of("network.activation", List.of("relu", "tanh"));
        List<ResultRow> rows = List.of(
                row(Map.of("network.activation", "relu"), "finetune", "simulation", 0.3, 0.01),
                row(Map.of("network.activation", "tanh"), "finetune", "simulation", 0.2, 0.01));

        List<Path> files = SvgPlots.write(result(spec("activations", sweep), rows), dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-vs-network.activation.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(svg.texts("//text[@class='tick-label']")).contains("relu", "tanh");
        List<Element> circles = Svg.children(svg.series("finetune, simulation"), "circle");
        assertThat(circles).hasSize(2);
        assertThat(Double.parseDouble(circles.get(0).getAttribute("cx")))
                .isLessThan(Double.parseDouble(circles.get(1).getAttribute("cx")));
    }

    @Test
    void lossesOverSeveralDecadesAreDrawnOnALogAxis() throws Exception {
        Map<String, List<Object>> sweep = Map.of("source.gamma", List.of(0.1, 1.0, 10.0));
        List<ResultRow> rows = new ArrayList<>();
        double[] losses = {1.0, 0.05, 1e-3};
        for (int i = 0; i < 3; i++) {
            rows.add(row(Map.of("source.gamma", sweep.get("source.gamma").get(i)), "finetune", "theory", losses[i], null));
        }

        List<Path> files = SvgPlots.write(result(spec("gamma", sweep), rows), dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-vs-gamma1.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(svg.texts("//text[@class='axis-label']")).containsExactly("gamma1 (source.gamma)", "test loss");
        assertThat(svg.texts("//text[@class='tick-label']"))
                .containsSubsequence("0.001", "0.01", "0.1", "1") // y: decades
                .contains("10"); // x: gamma1 spans 0.1..10, also log
    }

    @Test
    void curvesGiveOneSeriesPerRowWithDashedTheoryAndABandForSimulation() throws Exception {
        List<Double> steps = new ArrayList<>();
        List<Double> theory = new ArrayList<>();
        List<Double> sim = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            steps.add(10.0 * i);
            theory.add(0.5 / (1 + i));
            sim.add(0.52 / (1 + i));
            err.add(0.01);
        }
        Map<String, Object> point = Map.of("nu1", 2.0, "nu2", 1.0);
        List<ResultRow> rows = List.of(
                curve(point, "finetune", "theory", steps, theory, null),
                curve(point, "finetune", "simulation", steps, sim, err),
                row(point, "scratch", "theory", 0.4, null)); // no curve: not in the curve panel

        List<Path> files = SvgPlots.write(result(spec("curves", null), rows), dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-vs-steps.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(svg.seriesLabels()).containsExactly("finetune, theory", "finetune, simulation");
        Element theoryLine = Svg.children(svg.series("finetune, theory"), "path").get(0);
        assertThat(theoryLine.getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(Svg.vertices(theoryLine)).isEqualTo(11);
        List<Element> simPaths = svg.all("//g[@class='series'][title='finetune, simulation']/path");
        assertThat(simPaths).extracting(p -> p.getAttribute("class")).containsExactly("band", "line");
        assertThat(simPaths.get(1).getAttribute("stroke-dasharray")).isEmpty();
        assertThat(Svg.vertices(simPaths.get(1))).isEqualTo(11);
        assertThat(Svg.vertices(simPaths.get(0))).isEqualTo(22); // upper edge forward, lower edge back
        assertThat(svg.texts("//text[@class='axis-label']")).containsExactly("gradient-flow time t", "test loss");
    }

    @Test
    void alignmentCurvesAndKernelSpectraGetPanelsOfTheirOwn() throws Exception {
        List<Double> steps = List.of(0.0, 5.0, 10.0);
        Map<String, Object> point = Map.of("nu1", 2.0, "nu2", 1.0);
        List<Double> spectrum = new ArrayList<>();
        for (int k = 1; k <= 20; k++) {
            spectrum.add(0.5 / (k * k)); // shares spanning decades: a log axis
        }
        ResultRow joint = new ResultRow(point, "joint", "theory", 0.3, null, null, 1, Map.of(), steps,
                List.of(1.0, 0.5, 0.3), null, null, List.of(0.2, 0.6, 0.7), new KernelSpectra(spectrum, spectrum));
        ResultRow scratch = new ResultRow(point, "scratch", "simulation", 0.4, null, null, 3, Map.of(), steps,
                List.of(1.0, 0.6, 0.4), null, null, List.of(0.2, 0.4, 0.5), new KernelSpectra(null, spectrum));

        List<Path> files = SvgPlots.write(result(spec("kernels", null), List.of(joint, scratch)), dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-vs-steps.svg"), dir.resolve("alignment-vs-steps.svg"),
                dir.resolve("kernel-spectrum-source.svg"), dir.resolve("kernel-spectrum-target.svg"));
        Svg alignment = Svg.read(files.get(1));
        assertThat(alignment.seriesLabels()).containsExactly("scratch, simulation", "joint, theory");
        assertThat(Svg.vertices(Svg.children(alignment.series("joint, theory"), "path").get(0))).isEqualTo(3);
        assertThat(alignment.texts("//text[@class='axis-label']"))
                .containsExactly("gradient-flow time t", "kernel-target alignment A");
        // scratch has no source kernel: only joint is on the source panel
        assertThat(Svg.read(files.get(2)).seriesLabels()).containsExactly("joint, theory");
        Svg target = Svg.read(files.get(3));
        assertThat(target.seriesLabels()).containsExactly("scratch, simulation", "joint, theory");
        assertThat(target.texts("//text[@class='axis-label']")).containsExactly("rank k", "eigenvalue / trace");
    }

    @Test
    void preactivationDensitiesAreLinesOnLinearAxes() throws Exception {
        List<Double> narrow = new ArrayList<>();
        List<Double> wide = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double h = -4 + (i + 0.5) * 0.2;
            narrow.add(Math.exp(-h * h / 2) / Math.sqrt(2 * Math.PI));
            wide.add(Math.exp(-h * h / 8) / Math.sqrt(8 * Math.PI));
        }
        Map<String, Object> point = Map.of("nu2", 1.0);
        List<ResultRow> rows = List.of(
                withDensity(row(point, "joint", "simulation", 0.2, 0.01), new Density(-4, 4, wide, 0.02, 0.03)),
                withDensity(row(point, "joint", "theory", 0.19, null), new Density(-4, 4, narrow, 0, 0)),
                row(point, "scratch", "theory", 0.4, null)); // no density: not in that panel

        List<Path> files = SvgPlots.write(result(spec("densities", null), rows), dir);

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("test-loss-by-protocol.svg", "preactivations.svg");
        Svg svg = Svg.read(files.get(1));
        assertThat(svg.seriesLabels()).containsExactly("joint, theory", "joint, simulation");
        Element sim = Svg.children(svg.series("joint, simulation"), "path").get(0);
        assertThat(sim.getAttribute("stroke-dasharray")).isEmpty();
        assertThat(Svg.vertices(sim)).isEqualTo(40);
        Element theory = Svg.children(svg.series("joint, theory"), "path").get(0);
        assertThat(theory.getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(svg.texts("//text[@class='axis-label']")).containsExactly("preactivation h", "density");
        // linear axes even though the density's values span far more than a factor of 20
        assertThat(svg.texts("//text[@class='tick-label']")).contains("0", "0.2");
    }

    private static ResultRow withDensity(ResultRow r, Density d) {
        return new ResultRow(r.point(), r.protocol(), r.method(), r.testLoss(), r.testLossStdErr(), r.trainLoss(),
                r.seeds(), r.diagnostics(), r.steps(), r.testLossCurve(), r.testLossCurveStdErr(), d, r.alignmentCurve(),
                r.spectra());
    }

    @Test
    void sweepWithCurvesWritesBothKindsOfPanel() throws Exception {
        Map<String, List<Object>> sweep = Map.of("target.task.noiseAlignment", List.of(0.0, 1.0));
        List<ResultRow> rows = new ArrayList<>();
        for (double g : List.of(0.0, 1.0)) {
            rows.add(curve(Map.of("target.task.noiseAlignment", g), "joint", "theory", List.of(0.0, 5.0, 10.0),
                    List.of(0.3, 0.2, 0.1 + g / 10), null));
        }

        List<Path> files = SvgPlots.write(result(spec("noise", sweep), rows), dir);

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("test-loss-vs-alpha_g.svg", "test-loss-vs-steps.svg");
        assertThat(Svg.read(files.get(1)).seriesLabels())
                .containsExactly("joint, theory, alpha_g=0", "joint, theory, alpha_g=1");
    }

    @Test
    void missingValuesAreSkippedNotDrawnAsZero() throws Exception {
        Map<String, List<Object>> sweep = Map.of("target.samples", List.of(10, 20, 30, 40, 50));
        List<ResultRow> rows = new ArrayList<>();
        Double[] theory = {0.5, null, 0.3, Double.NaN, 0.1};
        Double[] sim = {0.5, 0.4, null, 0.2, Double.NaN};
        for (int i = 0; i < 5; i++) {
            Map<String, Object> point = Map.of("target.samples", 10 * (i + 1)); // no nu2: raw P2 on the axis
            rows.add(row(point, "scratch", "theory", theory[i], null));
            rows.add(row(point, "scratch", "simulation", sim[i], sim[i] == null ? null : 0.01));
        }

        List<Path> files = SvgPlots.write(result(spec("gaps", sweep), rows), dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-vs-P2.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(svg.text).doesNotContain("NaN").doesNotContain("Infinity");
        Element line = Svg.children(svg.series("scratch, theory"), "path").get(0);
        assertThat(Svg.vertices(line)).isEqualTo(3);
        assertThat(Svg.subPaths(line)).isEqualTo(3); // broken at both gaps, never joined through zero
        assertThat(Svg.children(svg.series("scratch, simulation"), "circle")).hasSize(3);
        assertThat(svg.texts("//text[@class='axis-label']")).containsExactly("P2 (target.samples)", "test loss");
        // The y axis is fitted to the values present: none of them is near zero.
        List<Element> circles = Svg.children(svg.series("scratch, simulation"), "circle");
        double bottom = Double.parseDouble(svg.all("//g[@class='axes']/rect").get(0).getAttribute("y"))
                + Double.parseDouble(svg.all("//g[@class='axes']/rect").get(0).getAttribute("height"));
        assertThat(circles).allSatisfy(c -> assertThat(Double.parseDouble(c.getAttribute("cy"))).isLessThan(bottom));
    }

    @Test
    void namesFromTheSpecAreEscapedAndCannotEscapeTheDirectory() throws Exception {
        String name = "a<b> & \"c\" 'd' \u0001]]>";
        Map<String, List<Object>> sweep = Map.of("target.task.alignment", List.of(0.0, 1.0));
        List<ResultRow> rows = List.of(
                row(Map.of("target.task.alignment", 0.0), "../x<y>", "theory", 0.3, null),
                row(Map.of("target.task.alignment", 1.0), "../x<y>", "theory", 0.2, null));

        List<Path> files = SvgPlots.write(result(spec(name, sweep), rows), dir);

        Svg svg = Svg.read(files.get(0));
        assertThat(svg.texts("//text")).contains("a<b> & \"c\" 'd' ]]>");
        assertThat(svg.seriesLabels()).containsExactly("../x<y>, theory");
        assertThat(Panel.fileName("test-loss-vs", "../../etc", "a b")).isEqualTo("test-loss-vs-.._.._etc-a_b.svg");
        assertThat(Panel.fileName("..")).isEqualTo("_..svg"); // a hidden or parent name never comes out
        assertThat(files).allSatisfy(f -> assertThat(f.getParent()).isEqualTo(dir));
    }

    @Test
    void withoutSweepOrCurvesEachProtocolAndMethodGetsAPoint() throws Exception {
        Map<String, Object> point = Map.of("nu1", 2.0, "nu2", 1.0);
        List<ResultRow> rows = List.of(
                row(point, "scratch", "theory", 0.4, null), row(point, "scratch", "simulation", 0.42, 0.02),
                row(point, "finetune", "theory", 0.2, null), row(point, "finetune", "simulation", 0.22, 0.02));
        JobResult result = new JobResult("job-42", spec(null, null), "test", 0, 1, "w", "java", null, rows);

        List<Path> files = SvgPlots.write(result, dir);

        assertThat(files).containsExactly(dir.resolve("test-loss-by-protocol.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(svg.seriesLabels()).containsExactly("theory", "simulation");
        assertThat(Svg.children(svg.series("theory"), "rect")).hasSize(2);
        assertThat(Svg.children(svg.series("simulation"), "circle")).hasSize(2);
        assertThat(svg.all("//g[@class='series']/line[@class='error-bar']")).hasSize(2);
        assertThat(svg.texts("//text[@class='tick-label']")).contains("scratch", "finetune");
        assertThat(svg.texts("//text")).contains("job-42");
    }

    @Test
    void resultJsonWithUnknownFieldsAndNaNIsRead() throws Exception {
        List<Integer> samples = List.of(20, 40);
        List<Double> alignments = List.of(0.5);
        List<ResultRow> rows = new ArrayList<>(sweepRows(samples, alignments));
        Map<String, Object> point = new LinkedHashMap<>(rows.get(0).point());
        rows.set(0, row(point, "scratch", "theory", Double.NaN, null)); // Jackson writes "NaN", a string
        rows.set(1, row(point, "scratch", "simulation", 0.123456, null));
        ObjectNode json = SpecJson.mapper().valueToTree(result(spec("from disk", grid(samples, alignments)), rows));
        json.put("addedByANewerEngine", true);
        String text = SpecJson.mapper().writeValueAsString(json);
        assertThat(text).contains("\"NaN\"").contains("0.123456");
        Path file = dir.resolve("result.json");
        Files.writeString(file, text.replace("0.123456", "NaN")); // as Python's json module writes it


        List<Path> files = SvgPlots.write(file, dir.resolve("plots"));

        assertThat(files).containsExactly(dir.resolve("plots").resolve("test-loss-vs-nu2.svg"));
        Svg svg = Svg.read(files.get(0));
        assertThat(Svg.vertices(Svg.children(svg.series("scratch, theory, alpha_s=0.5"), "path").get(0)))
                .isEqualTo(1);
        assertThat(Svg.children(svg.series("scratch, simulation, alpha_s=0.5"), "circle")).hasSize(1);
    }
}
