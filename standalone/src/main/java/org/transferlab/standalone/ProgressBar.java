package org.transferlab.standalone;

import java.io.PrintStream;

/**
 * A one-line progress display on stderr: redrawn in place on a terminal, plain lines (at most one a
 * second, or when the phase changes) when the output is a file or a pipe.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean tty;
    private long lastLineAt;
    private String lastPhase;
    private int lastLength;

    ProgressBar(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    void update(String state, String phase, double fraction, Long etaMs) {
        String line = render(state, phase, fraction, etaMs);
        if (tty) {
            String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
            out.print("\r" + line + pad);
            out.flush();
            lastLength = line.length();
        } else {
            long now = System.currentTimeMillis();
            if (now - lastLineAt >= 1000 || !java.util.Objects.equals(phase, lastPhase) || fraction >= 1) {
                out.println(line);
                lastLineAt = now;
                lastPhase = phase;
            }
        }
    }

    /** Ends the line on a terminal so that what follows starts on its own. */
    void finish() {
        if (tty && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }

    static String render(String state, String phase, double fraction, Long etaMs) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder b = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(WIDTH - filled))
                .append("] ").append(String.format("%3d%%", Math.round(f * 100))).append("  ").append(state);
        if (phase != null && !phase.isBlank()) {
            b.append(": ").append(phase);
        }
        if (etaMs != null) {
            b.append("  ETA ").append(duration(etaMs));
        }
        return b.toString();
    }

    static String duration(long ms) {
        long s = Math.max(0, Math.round(ms / 1000.0));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
