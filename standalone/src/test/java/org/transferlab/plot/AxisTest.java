package org.transferlab.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {

    private static List<Double> tickValues(Axis axis) {
        return axis.ticks().stream().map(Axis.Tick::value).toList();
    }

    @Test
    void dataOverThreeDecadesGetsDecadeTicks() {
        Axis axis = Axis.fit("test loss", List.of(1e-3, 0.02, 0.3, 1.0), List.of());

        assertThat(axis.scale()).isEqualTo(Axis.Scale.LOG);
        assertThat(tickValues(axis)).containsExactly(1e-3, 1e-2, 1e-1, 1.0);
        assertThat(axis.ticks().stream().map(Axis.Tick::label)).containsExactly("0.001", "0.01", "0.1", "1");
        assertThat(axis.fraction(1e-3)).isCloseTo(0, within(1e-12));
        assertThat(axis.fraction(1e-2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(axis.fraction(1.0)).isCloseTo(1, within(1e-12));
    }

    @Test
    void dataWithinAFactorOfFiveStaysLinearWithNiceTicksCoveringIt() {
        Axis axis = Axis.fit("test loss", List.of(0.2, 0.45, 0.9), List.of());

        assertThat(axis.scale()).isEqualTo(Axis.Scale.LINEAR);
        List<Double> ticks = tickValues(axis);
        assertThat(ticks.get(0)).isLessThanOrEqualTo(0.2);
        assertThat(ticks.get(ticks.size() - 1)).isGreaterThanOrEqualTo(0.9);
        assertThat(ticks).hasSizeBetween(4, 10);
        assertThat(axis.ticks().stream().map(Axis.Tick::label)).contains("0.2", "0.5", "0.9");
        double step = ticks.get(1) - ticks.get(0);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i) - ticks.get(i - 1)).isCloseTo(step, within(1e-12));
        }
    }

    @Test
    void theLogDecisionNeedsAFactorOfTwentyAndNoNegatives() {
        assertThat(Axis.chooseScale(List.of(1.0, 19.0))).isEqualTo(Axis.Scale.LINEAR);
        assertThat(Axis.chooseScale(List.of(1.0, 20.0))).isEqualTo(Axis.Scale.LOG);
        // A curve's step 0 does not prevent a log axis (it is simply not drawable there) ...
        assertThat(Axis.chooseScale(List.of(0.0, 10.0, 1000.0))).isEqualTo(Axis.Scale.LOG);
        // ... but a negative value would vanish, so then the axis stays linear.
        assertThat(Axis.chooseScale(List.of(-1.0, 10.0, 1000.0))).isEqualTo(Axis.Scale.LINEAR);
        assertThat(Axis.fit("x", List.of(0.0, 10.0, 1000.0), List.of()).fraction(0)).isNaN();
    }

    @Test
    void errorBarEndsWidenTheDomainButCannotFlipTheScale() {
        Axis axis = Axis.fit("test loss", List.of(0.5, 0.6), List.of(0.01, 0.9));

        assertThat(axis.scale()).isEqualTo(Axis.Scale.LINEAR);
        assertThat(axis.low()).isLessThanOrEqualTo(0.01);
        assertThat(axis.high()).isGreaterThanOrEqualTo(0.9);
        Axis log = Axis.fit("test loss", List.of(1e-3, 1.0), List.of(-0.5, 2.0));
        assertThat(log.high()).isEqualTo(10.0);
        assertThat(log.clampedFraction(-0.5)).isZero();
    }

    @Test
    void degenerateAndEmptyDataStillGiveUsableAxes() {
        Axis single = Axis.fit("x", List.of(3.0, 3.0), List.of());
        assertThat(single.low()).isLessThan(3.0);
        assertThat(single.high()).isGreaterThan(3.0);
        Axis empty = Axis.fit("x", List.of(Double.NaN), List.of());
        assertThat(empty.ticks()).isNotEmpty();
        assertThat(empty.fraction(Double.NaN)).isNaN();
    }

    @Test
    void manyDecadesAreThinnedToAFewTicks() {
        Axis axis = Axis.fit("x", List.of(1e-12, 1e6), List.of());
        assertThat(axis.ticks()).hasSizeLessThanOrEqualTo(10);
        assertThat(axis.ticks().get(0).label()).isEqualTo("1e-12");
    }
}
