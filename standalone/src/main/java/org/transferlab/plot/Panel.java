package org.transferlab.plot;

import java.util.Arrays;
import java.util.List;

/**
 * Everything one SVG file shows: where it goes, its titles, its two axes and its series.
 *
 * @param fileName file name inside the output directory
 * @param title    the experiment's name (or job id)
 * @param subtitle what this panel shows, e.g. "test loss vs nu2 = P2/D, protocol finetune"
 */
record Panel(String fileName, String title, String subtitle, Axis x, Axis y, List<Series> series) {

    Panel {
        series = List.copyOf(series);
    }

    /**
     * "test-loss-vs-nu2-finetune.svg" from ("test-loss-vs", "nu2", "finetune"). Parts come from specs, so
     * anything but letters, digits, '.', '_' and '-' becomes '_' and no part can reach another directory.
     */
    static String fileName(String... parts) {
        List<String> safe = Arrays.stream(parts).map(p -> p.replaceAll("[^A-Za-z0-9._-]", "_")).toList();
        String name = String.join("-", safe);
        return (name.startsWith(".") ? "_" + name.substring(1) : name) + ".svg";
    }
}
