package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.ResultRow;

/**
 * The rows of a many-seed job rebuilt from the rows of its draws computed as jobs of one seed each
 * ({@code ExperimentSpec.oneDraw}): each seeded (protocol, method) row is folded by {@link SeedSeries},
 * the arithmetic the engine uses within one job, so the result equals the many-seed job's own; a row
 * only the draw-0 job has is seed-independent (a closed form) and kept as it is; transfer gains are
 * taken again between the combined means.
 */
public final class SeedCombiner {
    private SeedCombiner() {
    }

    /**
     * @param draws each draw's rows, in draw order (the first is draw 0's, which holds every row), all
     *              of one sweep point
     */
    public static List<ResultRow> combine(List<List<ResultRow>> draws) {
        if (draws.size() == 1) {
            return draws.get(0);
        }
        List<ResultRow> combined = new ArrayList<>();
        List<Boolean> hadGain = new ArrayList<>();
        Map<String, ResultRow> scratchByMethod = new HashMap<>();
        for (ResultRow row : draws.get(0)) {
            List<ResultRow> same = sameRowOfEachDraw(draws, row);
            ResultRow c = same.size() == 1 ? row
                    : SeedSeries.ofDraws(same, Rows.GAIN).toRow(row.point(), row.protocol(), row.method());
            combined.add(c);
            hadGain.add(same.size() > 1 && same.stream().anyMatch(SeedCombiner::hasGain));
            if ("scratch".equals(row.protocol())) {
                scratchByMethod.put(row.method(), c);
            }
        }
        for (int i = 0; i < combined.size(); i++) {
            ResultRow scratch = scratchByMethod.get(combined.get(i).method());
            if (hadGain.get(i) && scratch != null) {
                combined.set(i, Rows.withGain(combined.get(i), scratch));
            }
        }
        return combined;
    }

    /** The row of the same (protocol, method) from every draw, or draw 0's alone when no other has it. */
    private static List<ResultRow> sameRowOfEachDraw(List<List<ResultRow>> draws, ResultRow row) {
        List<ResultRow> same = new ArrayList<>();
        for (List<ResultRow> draw : draws) {
            draw.stream().filter(r -> r.protocol().equals(row.protocol()) && r.method().equals(row.method()))
                    .findFirst().ifPresent(same::add);
        }
        if (same.size() != 1 && same.size() != draws.size()) {
            throw new IllegalArgumentException("only " + same.size() + " of " + draws.size() + " draws have a "
                    + row.protocol() + " " + row.method() + " row");
        }
        return same;
    }

    private static boolean hasGain(ResultRow row) {
        return row.diagnostics() != null && row.diagnostics().keySet().stream().anyMatch(Rows.GAIN::contains);
    }
}
