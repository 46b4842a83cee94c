package org.transferlab.engine.task;

/**
 * How a teacher turns its projection z = beta.x/sqrt(D) into a label (THEORY 1.2). With Gaussian
 * inputs z ~ N(0, s2), s2 = |beta|^2/D: 1 under unit signal variance, 1/D under unit norm. Every link
 * knows the first two population moments of its labels in closed form, which fix the loss scale (the
 * population variance of the target function) and the offset of a centred target.
 */
public sealed interface Link {
    double apply(double z);

    /** E[y] for z ~ N(0, s2). */
    double mean(double s2);

    /** E[y^2] for z ~ N(0, s2). */
    double secondMoment(double s2);

    /** Var(y) for z ~ N(0, s2). */
    default double variance(double s2) {
        double m = mean(s2);
        return secondMoment(s2) - m * m;
    }

    /** This link minus its population mean under z ~ N(0, s2) (a no-op for odd links). */
    static Link centred(Link link, double s2) {
        return new Shifted(link, link.mean(s2));
    }

    /** y = z: the linear teacher. */
    record Identity() implements Link {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double mean(double s2) {
            return 0;
        }

        @Override
        public double secondMoment(double s2) {
            return s2;
        }
    }

    /** y = z^2 (Figure 3a's target, not centred): E y = s2, E y^2 = 3 s2^2. */
    record Quadratic() implements Link {
        @Override
        public double apply(double z) {
            return z * z;
        }

        @Override
        public double mean(double s2) {
            return s2;
        }

        @Override
        public double secondMoment(double s2) {
            return 3 * s2 * s2;
        }
    }

    /**
     * y = He_k(z)/sqrt(k!): unit variance and mean zero only when s2 = 1. For other scales the moments
     * follow from the scaling identity He_k(s u) = sum_j k!/(j! (k-2j)! 2^j) s^(k-2j) (s^2 - 1)^j He_(k-2j)(u)
     * and the orthogonality E[He_m(u) He_n(u)] = m! delta_mn for u ~ N(0,1).
     */
    record Hermite(int degree) implements Link {
        public Hermite {
            if (degree < 1) {
                throw new IllegalArgumentException("Hermite degree must be >= 1, got " + degree);
            }
        }

        @Override
        public double apply(double z) {
            return org.transferlab.engine.task.Hermite.normalised(degree, z);
        }

        @Override
        public double mean(double s2) {
            return degree % 2 == 1 ? 0 : coefficient(degree / 2, s2) / Math.sqrt(factorial(degree));
        }

        @Override
        public double secondMoment(double s2) {
            double sum = 0;
            for (int j = 0; 2 * j <= degree; j++) {
                double c = coefficient(j, s2);
                sum += c * c * factorial(degree - 2 * j);
            }
            return sum / factorial(degree);
        }

        /** The coefficient of He_(k-2j)(u) in He_k(s u). */
        private double coefficient(int j, double s2) {
            int k = degree;
            return factorial(k) / (factorial(j) * factorial(k - 2 * j) * Math.pow(2, j))
                    * Math.pow(s2, (k - 2 * j) / 2.0) * Math.pow(s2 - 1, j);
        }

        private static double factorial(int n) {
            double f = 1;
            for (int i = 2; i <= n; i++) {
                f *= i;
            }
            return f;
        }
    }

    /** y = base(z) - offset. */
    record Shifted(Link base, double offset) implements Link {
        @Override
        public double apply(double z) {
            return base.apply(z) - offset;
        }

        @Override
        public double mean(double s2) {
            return base.mean(s2) - offset;
        }

        @Override
        public double secondMoment(double s2) {
            return base.secondMoment(s2) - 2 * offset * base.mean(s2) + offset * offset;
        }
    }
}
