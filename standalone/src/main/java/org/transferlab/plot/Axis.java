package org.transferlab.plot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One plot axis: a label, a domain, a linear or logarithmic scale and the ticks to draw. Values map
 * to a fraction of the axis length (0 = low end, 1 = high end), so the renderer never needs to know
 * which scale it is drawing.
 */
final class Axis {
    /** Positive data spanning at least this factor get a log scale: more than a decade is unreadable linearly. */
    static final double LOG_SPAN = 20;
    /** About this many linear intervals; the nice step is rounded from span / TARGET_INTERVALS. */
    private static final int TARGET_INTERVALS = 5;
    /** Room left beyond the data at either end, as a fraction of the span (of decades, on log). */
    private static final double MARGIN = 0.05;
    /** More decades than this and only every n-th decade gets a tick. */
    private static final int MAX_LOG_TICKS = 8;

    enum Scale { LINEAR, LOG }

    /** A tick position (in data units) and the text written at it. */
    record Tick(double value, String label) {
    }

    private final String label;
    private final Scale scale;
    private final double low;
    private final double high;
    private final List<Tick> ticks;

    private Axis(String label, Scale scale, double low, double high, List<Tick> ticks) {
        this.label = label;
        this.scale = scale;
        this.low = low;
        this.high = high;
        this.ticks = List.copyOf(ticks);
    }

    /**
     * An axis fitted to data. The scale is decided by the central values alone (so one wide error bar
     * cannot flip it); the domain also covers the extents (value +- error), except that extents which
     * cannot be shown on a log scale (at or below zero) are left to be clamped at the bottom.
     *
     * @param values  the data points along this axis (NaN and infinities ignored)
     * @param extents further values the domain should include, such as error-bar ends
     */
    static Axis fit(String label, List<Double> values, List<Double> extents) {
        List<Double> finite = values.stream().filter(Double::isFinite).toList();
        Scale scale = chooseScale(finite);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> list : List.of(finite, extents)) {
            for (double v : list) {
                if (Double.isFinite(v) && (scale == Scale.LINEAR || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            // Nothing drawable: an empty but valid axis rather than a crash.
            return linear(label, 0, 1);
        }
        return scale == Scale.LOG ? log(label, lo, hi) : linear(label, lo, hi);
    }

    /**
     * Log when there are no negative values (which a log axis could not show) and the positive ones span
     * a factor of {@link #LOG_SPAN} or more. Zeros are allowed and simply not drawn: a curve's step 0 is
     * the usual case.
     */
    static Scale chooseScale(List<Double> finite) {
        double minPos = Double.POSITIVE_INFINITY;
        double maxPos = 0;
        for (double v : finite) {
            if (v < 0) {
                return Scale.LINEAR;
            }
            if (v > 0) {
                minPos = Math.min(minPos, v);
                maxPos = Math.max(maxPos, v);
            }
        }
        return maxPos > 0 && maxPos / minPos >= LOG_SPAN ? Scale.LOG : Scale.LINEAR;
    }

    /** Categories at 0, 1, 2, ... with half a slot of room on either side. */
    static Axis categorical(String label, List<String> categories) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            ticks.add(new Tick(i, categories.get(i)));
        }
        return new Axis(label, Scale.LINEAR, -0.5, Math.max(categories.size(), 1) - 0.5, ticks);
    }

    /**
     * Linear axis over [min, max] with a margin, so no point sits on the frame; ticks are the multiples
     * of a 1-2-5 step inside it.
     */
    static Axis linear(String label, double min, double max) {
        if (max - min <= 0) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double margin = (max - min) * MARGIN;
        double low = min - margin;
        double high = max + margin;
        double step = niceStep((high - low) / TARGET_INTERVALS);
        int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
        List<Tick> ticks = new ArrayList<>();
        for (long i = (long) Math.ceil(low / step - 1e-9); i * step <= high + step * 1e-9; i++) {
            // Multiply rather than accumulate, and round, so 0.1 * 3 is written as 0.3.
            BigDecimal v = BigDecimal.valueOf(i * step).setScale(decimals + 1, RoundingMode.HALF_UP);
            ticks.add(new Tick(v.doubleValue(), plain(v)));
        }
        return new Axis(label, Scale.LINEAR, low, high, ticks);
    }

    /**
     * Log axis over [min, max] with a margin (in decades). Ticks at the powers of ten inside it, thinned
     * when there are many; when fewer than three fit (a span of one or two decades), at 1, 2 and 5 times
     * each power instead, so the axis can still be read.
     */
    static Axis log(String label, double min, double max) {
        double margin = (Math.log10(max) - Math.log10(min)) * MARGIN;
        double low = Math.pow(10, Math.log10(min) - margin);
        double high = Math.pow(10, Math.log10(max) + margin);
        int kMin = (int) Math.ceil(Math.log10(low) - 1e-9);
        int kMax = (int) Math.floor(Math.log10(high) + 1e-9);
        List<Tick> ticks = new ArrayList<>();
        if (kMax - kMin + 1 >= 3) {
            int stride = (kMax - kMin + MAX_LOG_TICKS) / MAX_LOG_TICKS;
            for (int k = kMin; k <= kMax; k += stride) {
                ticks.add(logTick(1, k));
            }
        } else {
            for (int k = kMin - 1; k <= kMax; k++) {
                for (int m : new int[] {1, 2, 5}) {
                    Tick t = logTick(m, k);
                    if (t.value() >= low * (1 - 1e-9) && t.value() <= high * (1 + 1e-9)) {
                        ticks.add(t);
                    }
                }
            }
        }
        return new Axis(label, Scale.LOG, low, high, ticks);
    }

    /** The tick m * 10^k, written plainly near 1 and as "2e-5" far from it; BigDecimal gives the nearest double. */
    private static Tick logTick(int m, int k) {
        BigDecimal v = BigDecimal.valueOf(m).scaleByPowerOfTen(k);
        return new Tick(v.doubleValue(), k >= -3 && k <= 3 ? plain(v) : m + "e" + k);
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * magnitude;
    }

    private static String plain(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    String label() {
        return label;
    }

    Scale scale() {
        return scale;
    }

    double low() {
        return low;
    }

    double high() {
        return high;
    }

    List<Tick> ticks() {
        return ticks;
    }

    /** Where v lies along the axis, 0..1 inside the domain; NaN when v cannot be drawn (NaN, or <= 0 on log). */
    double fraction(double v) {
        if (!Double.isFinite(v) || (scale == Scale.LOG && v <= 0)) {
            return Double.NaN;
        }
        return scale == Scale.LOG
                ? (Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
                : (v - low) / (high - low);
    }

    /**
     * Like {@link #fraction} but for the ends of error bars and bands: a lower end a log axis cannot show
     * is put at the bottom of the axis instead of dropping the whole bar.
     */
    double clampedFraction(double v) {
        if (scale == Scale.LOG && v <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, fraction(v)));
    }
}
