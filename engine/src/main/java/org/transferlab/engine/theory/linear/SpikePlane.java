package org.transferlab.engine.theory.linear;

import java.util.List;

/**
 * A kernel I + S on input space whose deviation S from the isotropic kernel lies in the plane of the
 * source direction b and the noise direction g (THEORY 1.2, 2.6.4):
 * S = c1 (b g^T + g b^T) + c2 b b^T + c3 g g^T. The gradient-flow source kernel is the rank-one case
 * chi u u^T with u = cos b + sin g; Figure 2a's caption gives (c1, c2, c3) directly.
 *
 * <p>The kernel must stay positive semi-definite, so both eigenvalues of the 2x2 matrix
 * [[c2, c1], [c1, c3]] must be >= -1.
 *
 * @param c1 cross coefficient (on each of b g^T and g b^T)
 * @param c2 coefficient on b b^T
 * @param c3 coefficient on g g^T
 */
public record SpikePlane(double c1, double c2, double c3) {
    /** Round-off allowance when an eigenvalue is meant to be exactly -1 (a direction the kernel cannot see). */
    private static final double PSD_SLACK = 1e-12;

    public SpikePlane {
        if (!Double.isFinite(c1) || !Double.isFinite(c2) || !Double.isFinite(c3)) {
            throw new IllegalArgumentException("spike coefficients must be finite, got c1=" + c1 + ", c2=" + c2 + ", c3=" + c3);
        }
        double smallest = eigenvalues(c1, c2, c3)[1];
        if (smallest < -1 - PSD_SLACK) {
            throw new IllegalArgumentException("spike eigenvalues must be >= -1 (kernel I + S positive semi-definite), "
                    + "smallest is " + smallest + " for c1=" + c1 + ", c2=" + c2 + ", c3=" + c3);
        }
    }

    /** The isotropic kernel: no pre-training (scratch / linear probe). */
    public static SpikePlane none() {
        return new SpikePlane(0, 0, 0);
    }

    /** chi u u^T with u = cos b + sin g. */
    public static SpikePlane rankOne(double chi, double cos, double sin) {
        return new SpikePlane(chi * cos * sin, chi * cos * cos, chi * sin * sin);
    }

    /** The spike multiplied by a factor, e.g. 1/2 for the lazy jointly-rich NTK (M1 + I)/2 = I + S/2. */
    public SpikePlane scaled(double factor) {
        return new SpikePlane(c1 * factor, c2 * factor, c3 * factor);
    }

    /** The two eigen-directions of S in the (b, g) plane, largest eigenvalue first. */
    public List<SpikeDirection> directions() {
        double[] s = eigenvalues(c1, c2, c3);
        // For [[a, c], [c, d]] the top eigenvector sits at angle theta with tan(2 theta) = 2c/(a - d).
        double theta = 0.5 * Math.atan2(2 * c1, c2 - c3);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        return List.of(new SpikeDirection(s[0], cos, sin), new SpikeDirection(Math.max(s[1], -1), -sin, cos));
    }

    private static double[] eigenvalues(double c1, double c2, double c3) {
        double mean = 0.5 * (c2 + c3);
        double radius = Math.hypot(0.5 * (c2 - c3), c1);
        return new double[] {mean + radius, mean - radius};
    }

    /**
     * One eigen-direction e = cos b + sin g of the spike, with eigenvalue s: the kernel's eigenvalue
     * along e is 1 + s times the isotropic one.
     */
    public record SpikeDirection(double eigenvalue, double cos, double sin) {
        /** The target's coefficient a = e.beta_hat_t along this direction. */
        public double overlap(TargetAlignment alignment) {
            return cos * alignment.alphaS() + sin * alignment.alphaG();
        }
    }
}
