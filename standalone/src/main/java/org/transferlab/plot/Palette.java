package org.transferlab.plot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Series colours: the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies;
 * its yellow is left out, being unreadable on white) followed by darker tones. Colours repeat beyond
 * that; panels are split per protocol long before.
 */
final class Palette {
    private static final List<String> COLOURS = List.of(
            "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
            "#8C564B", "#7F7F7F", "#17BECF", "#BCBD22", "#393B79");

    private final Map<Object, String> assigned = new HashMap<>();

    /** The colour of a condition; the first condition asked for gets the first colour, and so on. */
    String colour(Object condition) {
        return assigned.computeIfAbsent(condition, c -> COLOURS.get(assigned.size() % COLOURS.size()));
    }
}
