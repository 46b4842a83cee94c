package org.transferlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;

/** Small synthetic results for the plot tests. */
final class Results {
    static final int INPUT_DIM = 20;

    private Results() {
    }

    static ExperimentSpec spec(String name, Map<String, List<Object>> sweep) {
        return new ExperimentSpec("transfer", name, null, INPUT_DIM, null, null, null,
                List.of("scratch", "finetune"), List.of("theory", "simulation"), 3, 0L, null, 0, null, sweep);
    }

    static JobResult result(ExperimentSpec spec, List<ResultRow> rows) {
        return new JobResult("job-1", spec, "test", 0, 1, "test", "java", List.of(), rows);
    }

    static ResultRow row(Map<String, Object> point, String protocol, String method, Double loss, Double err) {
        return new ResultRow(point, protocol, method, loss, err, null, "simulation".equals(method) ? 3 : 1,
                Map.of(), null, null, null, null, null, null);
    }

    static ResultRow curve(Map<String, Object> point, String protocol, String method, List<Double> steps,
                           List<Double> loss, List<Double> err) {
        return new ResultRow(point, protocol, method, loss.get(loss.size() - 1), null, null, 1, Map.of(), steps,
                loss, err, null, null, null);
    }

    /** The grid target.samples x target.task.alignment with derived nu2 = P2 / D (and nu1). */
    static List<ResultRow> sweepRows(List<Integer> samples, List<Double> alignments) {
        List<ResultRow> rows = new ArrayList<>();
        for (int p : samples) {
            for (double a : alignments) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("target.samples", p);
                point.put("target.task.alignment", a);
                point.put("nu1", 2.0);
                point.put("nu2", (double) p / INPUT_DIM);
                for (String protocol : List.of("scratch", "finetune")) {
                    double base = protocol.equals("finetune") ? 0.45 - 0.2 * a : 0.5;
                    double loss = base / (1 + (double) p / INPUT_DIM);
                    rows.add(row(point, protocol, "theory", loss, null));
                    rows.add(row(point, protocol, "simulation", loss * 1.05, 0.01));
                }
            }
        }
        return rows;
    }

    static Map<String, List<Object>> grid(List<Integer> samples, List<Double> alignments) {
        Map<String, List<Object>> sweep = new LinkedHashMap<>();
        sweep.put("target.samples", new ArrayList<>(samples));
        sweep.put("target.task.alignment", new ArrayList<>(alignments));
        return sweep;
    }
}
