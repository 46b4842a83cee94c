package org.transferlab.engine.theory.linear;

/**
 * Where the target teacher points, relative to the source fit (THEORY 1.2):
 * beta_t/|beta_t| = alphaS b + alphaG g + sqrt(1 - alphaS^2 - alphaG^2) e, with b = beta_s/|beta_s|,
 * g the unit "noise direction" (the part of the source-learned direction outside beta_s, see
 * {@link SourceFit}) and e a unit vector orthogonal to both.
 */
public record TargetAlignment(double alphaS, double alphaG) {
    /** Slack for round-off when a caller builds alphaS and alphaG from cosines that sum to one. */
    private static final double UNIT_SLACK = 1e-12;

    public TargetAlignment {
        if (!(Math.abs(alphaS) <= 1)) {
            throw new IllegalArgumentException("alphaS must lie in [-1, 1], got " + alphaS);
        }
        if (!(Math.abs(alphaG) <= 1)) {
            throw new IllegalArgumentException("alphaG must lie in [-1, 1], got " + alphaG);
        }
        if (alphaS * alphaS + alphaG * alphaG > 1 + UNIT_SLACK) {
            throw new IllegalArgumentException("alphaS^2 + alphaG^2 must be <= 1 (the target is a unit vector), got "
                    + (alphaS * alphaS + alphaG * alphaG));
        }
    }

    /** Target aligned with the source teacher only, no overlap with the noise direction. */
    public static TargetAlignment ofSource(double alphaS) {
        return new TargetAlignment(alphaS, 0);
    }

    /** Squared weight of the target on the (b, g) plane. */
    public double planeWeight() {
        return Math.min(1, alphaS * alphaS + alphaG * alphaG);
    }
}
