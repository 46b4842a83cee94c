package org.transferlab.protocol.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a spec's {@code sweep} grid into one concrete spec per point (Cartesian product, in the
 * order the keys are given, the last key varying fastest). A key is a dotted path into the spec,
 * such as {@code target.samples} or {@code source.task.noise}; a point's spec is the base spec with
 * those fields set, so every point is validated exactly like a hand-written spec.
 */
public final class SweepGrid {
    /** A sweep larger than this is a mistake or an attack, not an experiment of one job. */
    public static final int MAX_POINTS = 2000;

    /** One grid point: the swept values by path, and the spec to compute there. */
    public record Point(Map<String, Object> values, ExperimentSpec spec) {
    }

    private SweepGrid() {
    }

    /** Number of points, without building them (1 for a spec without sweep). */
    public static long size(ExperimentSpec spec) {
        long n = 1;
        if (spec.sweep() != null) {
            for (List<Object> values : spec.sweep().values()) {
                n *= values == null ? 0 : values.size();
            }
        }
        return n;
    }

    /** All points; a spec without sweep has exactly one point with no swept values. */
    public static List<Point> expand(ExperimentSpec spec) {
        ExperimentSpec base = spec.withoutSweep();
        if (spec.sweep() == null || spec.sweep().isEmpty()) {
            return List.of(new Point(Map.of(), base));
        }
        List<String> keys = new ArrayList<>(spec.sweep().keySet());
        List<Point> points = new ArrayList<>();
        collect(base, spec.sweep(), keys, 0, new LinkedHashMap<>(), points);
        return points;
    }

    private static void collect(ExperimentSpec base, Map<String, List<Object>> sweep, List<String> keys, int k,
                                LinkedHashMap<String, Object> chosen, List<Point> out) {
        if (k == keys.size()) {
            out.add(new Point(Map.copyOf(chosen), apply(base, chosen)));
            return;
        }
        for (Object v : sweep.get(keys.get(k))) {
            chosen.put(keys.get(k), v);
            collect(base, sweep, keys, k + 1, chosen, out);
        }
        chosen.remove(keys.get(k));
    }

    /** The base spec with each path set to its value; throws IllegalArgumentException on an unknown path. */
    public static ExperimentSpec apply(ExperimentSpec base, Map<String, Object> values) {
        ObjectNode root = SpecJson.mapper().valueToTree(base);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            set(root, e.getKey(), SpecJson.mapper().valueToTree(e.getValue()));
        }
        try {
            return SpecJson.mapper().treeToValue(root, ExperimentSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException("sweep values do not fit the spec: " + ex.getOriginalMessage(), ex);
        }
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            }
            if (!child.isObject()) {
                throw new IllegalArgumentException("'" + path + "' does not name a field inside an object");
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }
}
