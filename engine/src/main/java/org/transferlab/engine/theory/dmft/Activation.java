package org.transferlab.engine.theory.dmft;

/** The hidden-layer nonlinearity phi and its derivative; both are degree-1 homogeneous (THEORY 2.1). */
public enum Activation {
    RELU {
        @Override
        public double apply(double h) {
            return h > 0 ? h : 0.0;
        }

        @Override
        public double derivative(double h) {
            return h > 0 ? 1.0 : 0.0;
        }
    },
    LINEAR {
        @Override
        public double apply(double h) {
            return h;
        }

        @Override
        public double derivative(double h) {
            return 1.0;
        }
    };

    public abstract double apply(double h);

    public abstract double derivative(double h);
}
