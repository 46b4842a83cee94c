/**
 * Infinite-width Bayesian posterior of two-layer networks as an adaptive-kernel saddle point
 * (THEORY 2.5.2, 4.D): {@link org.transferlab.engine.theory.bayes.AdaptiveKernelSaddle} for one
 * task, {@link org.transferlab.engine.theory.bayes.BayesTransferSaddle} for a target coupled to the
 * source posterior by the elastic prior delta. Both are importance-weighted Monte Carlo over Gaussian
 * prior samples and refuse (NON_CONVERGED) when the effective sample size collapses.
 * {@link org.transferlab.engine.theory.bayes.SaddleCost} prices a run before it starts.
 */
package org.transferlab.engine.theory.bayes;
