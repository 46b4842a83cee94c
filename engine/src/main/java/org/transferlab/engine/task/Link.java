package org.transferlab.engine.task;

/**
 * How a teacher turns its projection z = beta.x/sqrt(D) into a label (THEORY 1.2). With
 * |beta|^2 = D and Gaussian inputs, z ~ N(0,1).
 */
public sealed interface Link {
    double apply(double z);

    /** y = z: the linear teacher. */
    record Identity() implements Link {
        @Override
        public double apply(double z) {
            return z;
        }
    }

    /** y = z^2, or z^2 - 1 when centred (= He_2(z), mean zero). */
    record Quadratic(boolean centred) implements Link {
        @Override
        public double apply(double z) {
            return centred ? z * z - 1 : z * z;
        }
    }

    /** y = He_k(z)/sqrt(k!). */
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
    }
}
