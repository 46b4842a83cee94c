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
        // Equal ratios are equal distances, and the data stay clear of the frame.
        double decade = axis.fraction(1e-2) - axis.fraction(1e-3);
        assertThat(axis.fraction(1.0) - axis.fraction(1e-1)).isCloseTo(decade, within(1e-12));
        assertThat(axis.fraction(1e-3)).isBetween(0.01, 0.1);
        assertThat(axis.fraction(1.0)).isBetween(0.9, 0.99);
    }

    @Test
    void dataWithinAFactorOfFiveStaysLinearWithNiceTicks() {
        Axis axis = Axis.fit("test loss", List.of(0.2, 0.45, 0.9), List.of());

        assertThat(axis.scale()).isEqualTo(Axis.Scale.LINEAR);
        assertThat(axis.low()).isLessThan(0.2);
        assertThat(axis.high()).isGreaterThan(0.9);
        assertThat(tickValues(axis)).containsExactly(0.2, 0.4, 0.6, 0.8);
        assertThat(axis.ticks().stream().map(Axis.Tick::label)).containsExactly("0.2", "0.4", "0.6", "0.8");
        assertThat(axis.fraction(0.45) - axis.fraction(0.2)).isCloseTo(axis.fraction(0.9) - axis.fraction(0.65),
                within(1e-12));
    }

    @Test
    void linearTicksAreRoundMultiplesEvenForAwkwardSpans() {
        Axis axis = Axis.fit("x", List.of(0.1, 0.7), List.of());

        assertThat(axis.ticks().stream().map(Axis.Tick::label)).containsExactly("0.1", "0.2", "0.3", "0.4", "0.5",
                "0.6", "0.7");
        assertThat(tickValues(axis)).contains(0.3); // not 0.30000000000000004
    }

    @Test
    void aLogAxisOverLittleMoreThanADecadeGetsOneTwoFiveTicks() {
        Axis axis = Axis.fit("steps", List.of(50.0, 2000.0), List.of());

        assertThat(axis.scale()).isEqualTo(Axis.Scale.LOG);
        assertThat(tickValues(axis)).containsExactly(50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0);
        assertThat(axis.ticks().stream().map(Axis.Tick::label))
                .containsExactly("50", "100", "200", "500", "1000", "2000");
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
        assertThat(log.high()).isGreaterThan(2.0);
        assertThat(log.low()).isLessThan(1e-3);
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
