package org.transferlab.engine.theory.bayes;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;

/**
 * S weighted samples of the preactivations h on the tilted points, under the Gaussian prior
 * h = m_u + xi B (xi ~ N(0, I), B B = b K symmetric) tilted by exp((g^2/2)(a . phi(h))^2) for the
 * current (g, a): sequential Monte Carlo (THEORY 4.D). When (g, a) moves, the weights are multiplied by
 * the ratio of tilts; when the effective sample size falls below half, every unit is resampled
 * (systematic) and every sample then takes {@value #MOVE_STEPS} elliptical slice steps (Murray, Adams &
 * MacKay 2010), which leave the tilted measure invariant and need no step size.
 *
 * <p>A unit is a run of consecutive samples that shares one prior mean and one normalisation: for a
 * single task one of the independent sub-populations, for a transfer's target the R conditional
 * samples of one source sample. Resampling never crosses a unit, so units stay independent.
 *
 * <p>The slice steps propose from a Gaussian N(mu, Sigma) fitted to the weighted population in xi
 * (plus a ridge), and treat the rest of the density, N(xi; 0, I) tilt / N(xi; mu, Sigma), as the
 * likelihood: exact for any such choice, and nearly independent proposals when the tilted measure is
 * close to Gaussian (exactly so for a linear phi), where slice steps from the prior alone would crawl
 * along a direction the tilt stretched.
 */
final class TiltedPopulation {
    static final int CHUNK = 2048;
    /** The population is resampled when its effective sample size falls below this fraction. */
    static final double RESAMPLE_BELOW = 0.5;
    /** Elliptical slice steps per sample after a resampling. */
    static final int MOVE_STEPS = 5;
    /** Added to the fitted covariance of xi (whose prior is I) so that no direction is proposed too narrowly. */
    private static final double REFERENCE_RIDGE = 1e-2;
    /** Bisection steps for the tempering fraction. */
    private static final int BISECTIONS = 40;

    private final Activation act;
    private final Matrix scaledRoot;
    private final Matrix means;
    private final int[] unitStart;
    private final double[] unitWeight;
    private final int samples;
    private final int p;
    private final Matrix xi;
    private final Matrix phi;
    private final double[] logW;
    /** Scratch of {@link #conditionalEss}: each sample's log-weight increment of the step tried. */
    private final double[] increments;
    private final double[] z;
    private final SplittableRandom rng;
    private final Runnable tick;
    private double gamma;
    private double[] a;

    /**
     * @param scaledRoot B, symmetric p x p with B B the prior covariance on the tilted points
     * @param means      prior mean of each unit (units x p), or null for zero
     * @param unitStart  first sample of each unit, then S (units + 1 entries, increasing)
     * @param unitWeight the mass of each unit in the pooled measure, summing to 1
     * @param tick       called once per chunk of work (cancellation and progress)
     */
    TiltedPopulation(Activation act, Matrix scaledRoot, Matrix means, int[] unitStart, double[] unitWeight,
                     long seed, Runnable tick) {
        this.act = act;
        this.scaledRoot = scaledRoot;
        this.means = means;
        this.unitStart = unitStart;
        this.unitWeight = unitWeight;
        this.samples = unitStart[unitStart.length - 1];
        this.p = scaledRoot.rows();
        this.rng = new SplittableRandom(seed);
        this.tick = tick;
        this.xi = Matrix.gaussian(samples, p, rng);
        this.phi = Matrix.zeros(samples, p);
        this.logW = new double[samples];
        this.increments = new double[samples];
        this.z = new double[samples];
        this.a = new double[p];
        for (int start = 0; start < samples; start += CHUNK) {
            tick.run();
            int end = Math.min(samples, start + CHUNK);
            Matrix h = xi.rowRange(start, end).times(scaledRoot);
            for (int u = unitOf(start); u < units() && unitStart[u] < end; u++) {
                for (int i = Math.max(start, unitStart[u]); i < Math.min(end, unitStart[u + 1]); i++) {
                    for (int j = 0; j < p; j++) {
                        phi.set(i, j, act.apply(h.get(i - start, j) + mean(u, j)));
                    }
                }
            }
        }
    }

    /**
     * Starts of {@code units} contiguous sub-populations of S samples as even as integers allow: sample i
     * is in unit floor(i units / S), as in {@link SampleGroups}.
     */
    static int[] equalUnits(int samples, int units) {
        int[] start = new int[units + 1];
        for (int u = 0; u <= units; u++) {
            start[u] = (int) (((long) u * samples + units - 1) / units);
        }
        return start;
    }

    int units() {
        return unitStart.length - 1;
    }

    double gamma() {
        return gamma;
    }

    /** xi of samples [from, to): h on the tilted points is m_u + xi B. */
    Matrix xi(int from, int to) {
        return xi.rowRange(from, to);
    }

    /** phi(h) of samples [from, to) on the tilted points. */
    Matrix phi(int from, int to) {
        return phi.rowRange(from, to);
    }

    private double mean(int unit, int j) {
        return means == null ? 0.0 : means.get(unit, j);
    }

    private int unitOf(int sample) {
        int u = Arrays.binarySearch(unitStart, sample);
        return u >= 0 ? Math.min(u, units() - 1) : -u - 2;
    }

    /**
     * Moves the tilt from the current (g, a) towards (gTo, aTo) by the largest fraction t in (0, 1]
     * whose reweighting keeps the conditional effective sample size (Zhou, Johansen & Aston 2016) at or
     * above one half: g and a both move by t of the way. Returns t.
     */
    double advance(double gTo, double[] aTo) {
        double[] zTo = new double[samples];
        Blas.gemv(false, 1.0, phi, aTo, 0.0, zTo);
        double t = 1.0;
        if (conditionalEss(gTo, zTo, 1.0) < RESAMPLE_BELOW) {
            double lo = 0;
            double hi = 1;
            for (int b = 0; b < BISECTIONS; b++) {
                double mid = 0.5 * (lo + hi);
                if (conditionalEss(gTo, zTo, mid) >= RESAMPLE_BELOW) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            t = lo;
        }
        double g = t == 1.0 ? gTo : gamma + t * (gTo - gamma);
        for (int i = 0; i < samples; i++) {
            double zt = t == 1.0 ? zTo[i] : z[i] + t * (zTo[i] - z[i]);
            logW[i] += logTilt(g, zt) - logTilt(gamma, z[i]);
            z[i] = zt;
        }
        for (int j = 0; j < p; j++) {
            a[j] = t == 1.0 ? aTo[j] : a[j] + t * (aTo[j] - a[j]);
        }
        gamma = g;
        return t;
    }

    private static double logTilt(double g, double zi) {
        return 0.5 * g * g * zi * zi;
    }

    /**
     * The conditional ESS of a step, over the whole population with each sample's weight taken before
     * the normalisation within its unit: a unit of R = 4 samples cannot see in its own weights how far
     * its tilted measure moved, the pooled weights can.
     */
    private double conditionalEss(double gTo, double[] zTo, double t) {
        double g = gamma + t * (gTo - gamma);
        double maxW = Double.NEGATIVE_INFINITY;
        double maxInc = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < samples; i++) {
            maxW = Math.max(maxW, logW[i]);
            increments[i] = increment(g, zTo, t, i);
            maxInc = Math.max(maxInc, increments[i]);
        }
        double sw = 0;
        double swi = 0;
        double swii = 0;
        for (int u = 0; u < units(); u++) {
            double share = unitWeight[u] / (unitStart[u + 1] - unitStart[u]);
            for (int i = unitStart[u]; i < unitStart[u + 1]; i++) {
                double w = share * Math.exp(logW[i] - maxW);
                double inc = Math.exp(increments[i] - maxInc);
                sw += w;
                swi += w * inc;
                swii += w * inc * inc;
            }
        }
        return swi * swi / (sw * swii);
    }

    private double increment(double g, double[] zTo, double t, int i) {
        return logTilt(g, z[i] + t * (zTo[i] - z[i])) - logTilt(gamma, z[i]);
    }

    /**
     * The effective sample size of the pooled weights before the normalisation within units, over its
     * value for equal weights within every unit (1 right after a resampling).
     */
    double essFraction() {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logW) {
            max = Math.max(max, l);
        }
        double s1 = 0;
        double s2 = 0;
        double e1 = 0;
        double e2 = 0;
        for (int u = 0; u < units(); u++) {
            int size = unitStart[u + 1] - unitStart[u];
            double share = unitWeight[u] / size;
            for (int i = unitStart[u]; i < unitStart[u + 1]; i++) {
                double w = share * Math.exp(logW[i] - max);
                s1 += w;
                s2 += w * w;
            }
            e1 += unitWeight[u];
            e2 += unitWeight[u] * share;
        }
        return (s1 * s1 / s2) / (e1 * e1 / e2);
    }

    /** The pooled weights: each unit's normalised weights times its mass (they sum to 1). */
    double[] weights() {
        double[] w = new double[samples];
        for (int u = 0; u < units(); u++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = unitStart[u]; i < unitStart[u + 1]; i++) {
                max = Math.max(max, logW[i]);
            }
            double sum = 0;
            for (int i = unitStart[u]; i < unitStart[u + 1]; i++) {
                w[i] = Math.exp(logW[i] - max);
                sum += w[i];
            }
            for (int i = unitStart[u]; i < unitStart[u + 1]; i++) {
                w[i] *= unitWeight[u] / sum;
            }
        }
        return w;
    }

    /** out = sum_n w_n phi_n phi_n^T with the pooled weights, chunk by chunk through sqrt(w)-scaled rows. */
    void secondMoment(Matrix out) {
        Arrays.fill(out.data(), 0.0);
        double[] w = weights();
        for (int start = 0; start < samples; start += CHUNK) {
            tick.run();
            Matrix scaled = phi.rowRange(start, Math.min(samples, start + CHUNK));
            double[] d = scaled.data();
            for (int r = 0; r < scaled.rows(); r++) {
                double s = Math.sqrt(w[start + r]);
                for (int j = 0; j < p; j++) {
                    d[r * p + j] *= s;
                }
            }
            Blas.gemm(true, false, 1.0, scaled, scaled, 1.0, out);
        }
    }

    /**
     * When {@link #essFraction()} is below {@code below}: resamples every unit within itself and moves
     * every sample by elliptical slice steps. Returns whether it did.
     */
    boolean rejuvenateIfDegenerate(double below) {
        if (essFraction() >= below) {
            return false;
        }
        Reference ref = Reference.fit(xi, weights(), REFERENCE_RIDGE);
        for (int u = 0; u < units(); u++) {
            resample(u);
        }
        move(ref);
        return true;
    }

    /** Systematic resampling of unit u: copies of xi, phi and z by weight, the weights then equal. */
    private void resample(int u) {
        int from = unitStart[u];
        int n = unitStart[u + 1] - from;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, logW[i]);
        }
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logW[from + i] - max);
            cumulative[i] = sum;
        }
        int[] source = new int[n];
        double offset = rng.nextDouble();
        int k = 0;
        for (int i = 0; i < n; i++) {
            double target = (i + offset) / n * sum;
            while (k < n - 1 && cumulative[k] < target) {
                k++;
            }
            source[i] = from + k;
        }
        Matrix xiCopy = xi.rowRange(from, from + n);
        Matrix phiCopy = phi.rowRange(from, from + n);
        double[] zCopy = Arrays.copyOfRange(z, from, from + n);
        for (int i = 0; i < n; i++) {
            int src = source[i] - from;
            System.arraycopy(xiCopy.data(), src * p, xi.data(), (from + i) * p, p);
            System.arraycopy(phiCopy.data(), src * p, phi.data(), (from + i) * p, p);
            z[from + i] = zCopy[src];
            logW[from + i] = 0.0;
        }
    }

    /**
     * {@value #MOVE_STEPS} elliptical slice steps for every sample, in the whitened coordinates
     * w = Sigma^{-1/2}(xi - mu) of the reference, where the proposal ellipse is w cos t + nu sin t with
     * nu ~ N(0, I) and the likelihood is log tilt - |xi|^2/2 + |w|^2/2. Everything a proposal needs is
     * linear in (cos t, sin t), so each costs O(p) after two p x p products per step.
     */
    private void move(Reference ref) {
        double[] muB = new double[p];
        Blas.gemv(true, 1.0, scaledRoot, ref.mean, 0.0, muB);
        double half = 0.5 * gamma * gamma;
        double[] e1 = new double[p];
        double[] w1 = new double[p];
        double[] h1 = new double[p];
        double[] f1 = new double[p];
        for (int start = 0; start < samples; start += CHUNK) {
            int end = Math.min(samples, start + CHUNK);
            int rows = end - start;
            Matrix e = xi.rowRange(start, end);
            double[] ed = e.data();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < p; j++) {
                    ed[r * p + j] -= ref.mean[j];
                }
            }
            Matrix w = e.times(ref.inverseRoot);
            Matrix eb = e.times(scaledRoot);
            for (int step = 0; step < MOVE_STEPS; step++) {
                tick.run();
                Matrix nu = Matrix.gaussian(rows, p, rng);
                Matrix f = nu.times(ref.root);
                Matrix fb = f.times(scaledRoot);
                for (int r = 0; r < rows; r++) {
                    int i = start + r;
                    int u = unitOf(i);
                    int o = r * p;
                    double current = half * z[i] * z[i] - 0.5 * shiftedNorm(ed, o, ref.mean) + 0.5 * norm(w.data(), o);
                    double logY = current + Math.log(1.0 - rng.nextDouble());
                    double theta = 2 * Math.PI * rng.nextDouble();
                    double lo = theta - 2 * Math.PI;
                    double hi = theta;
                    while (hi - lo > 1e-12) {
                        double c = Math.cos(theta);
                        double s = Math.sin(theta);
                        double zz = 0;
                        double xiNorm = 0;
                        double wNorm = 0;
                        for (int j = 0; j < p; j++) {
                            e1[j] = c * ed[o + j] + s * f.data()[o + j];
                            w1[j] = c * w.data()[o + j] + s * nu.data()[o + j];
                            h1[j] = c * eb.data()[o + j] + s * fb.data()[o + j];
                            f1[j] = act.apply(h1[j] + muB[j] + mean(u, j));
                            zz += a[j] * f1[j];
                            double x = ref.mean[j] + e1[j];
                            xiNorm += x * x;
                            wNorm += w1[j] * w1[j];
                        }
                        if (half * zz * zz - 0.5 * xiNorm + 0.5 * wNorm > logY) {
                            System.arraycopy(e1, 0, ed, o, p);
                            System.arraycopy(w1, 0, w.data(), o, p);
                            System.arraycopy(h1, 0, eb.data(), o, p);
                            System.arraycopy(f1, 0, phi.data(), i * p, p);
                            z[i] = zz;
                            break;
                        }
                        if (theta < 0) {
                            lo = theta;
                        } else {
                            hi = theta;
                        }
                        theta = lo + (hi - lo) * rng.nextDouble();
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < p; j++) {
                    xi.data()[(start + r) * p + j] = ed[r * p + j] + ref.mean[j];
                }
            }
        }
    }

    private static double norm(double[] v, int offset, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += v[offset + j] * v[offset + j];
        }
        return s;
    }

    private double norm(double[] v, int offset) {
        return norm(v, offset, p);
    }

    private double shiftedNorm(double[] v, int offset, double[] shift) {
        double s = 0;
        for (int j = 0; j < p; j++) {
            double x = v[offset + j] + shift[j];
            s += x * x;
        }
        return s;
    }

    /** The Gaussian the slice steps propose from: weighted mean and covariance of xi, plus a ridge. */
    private record Reference(double[] mean, Matrix root, Matrix inverseRoot) {
        static Reference fit(Matrix xi, double[] w, double ridge) {
            int p = xi.cols();
            double[] mean = new double[p];
            for (int i = 0; i < xi.rows(); i++) {
                for (int j = 0; j < p; j++) {
                    mean[j] += w[i] * xi.get(i, j);
                }
            }
            // sum_n w_n (xi_n - mean)(xi_n - mean)^T through sqrt(w)-scaled centred rows, chunk by chunk
            Matrix cov = Matrix.zeros(p, p);
            double[] c = cov.data();
            for (int start = 0; start < xi.rows(); start += CHUNK) {
                Matrix centred = xi.rowRange(start, Math.min(xi.rows(), start + CHUNK));
                double[] d = centred.data();
                for (int r = 0; r < centred.rows(); r++) {
                    double sw = Math.sqrt(w[start + r]);
                    for (int j = 0; j < p; j++) {
                        d[r * p + j] = sw * (d[r * p + j] - mean[j]);
                    }
                }
                Blas.gemm(true, false, 1.0, centred, centred, 1.0, cov);
            }
            for (int j = 0; j < p; j++) {
                c[j * p + j] += ridge;
            }
            PsdRoots roots = PsdRoots.of(cov);
            return new Reference(mean, roots.root(), roots.inverseRoot());
        }
    }
}
