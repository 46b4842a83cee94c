/**
 * Infinite-width Bayesian posterior of two-layer networks as an adaptive-kernel saddle point
 * (THEORY 2.5.2, 4.D): {@link org.transferlab.engine.theory.bayes.AdaptiveKernelSaddle} for one
 * task, {@link org.transferlab.engine.theory.bayes.BayesTransferSaddle} for a target coupled to the
 * source posterior by the elastic prior delta. Both sample the tilted measure by sequential Monte Carlo
 * with elliptical slice moves ({@link org.transferlab.engine.theory.bayes.TiltedPopulation}) inside a
 * damped fixed point ({@link org.transferlab.engine.theory.bayes.TiltedFixedPoint}), and refuse
 * (NON_CONVERGED, naming the gamma field) when it does not settle or the tilted samples run away.
 * {@link org.transferlab.engine.theory.bayes.SaddleCost} prices a run before it starts.
 */
package org.transferlab.engine.theory.bayes;
