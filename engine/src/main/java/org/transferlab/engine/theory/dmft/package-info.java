/**
 * Infinite-width gradient-flow theory of two-layer networks by particles (THEORY 2.1-2.5.1, 4.A).
 *
 * <p>Entry points: {@link org.transferlab.engine.theory.dmft.DmftTransfer#run} for a whole
 * {@link org.transferlab.engine.theory.dmft.TransferPlan} (source phase, then fine-tuning, jointly
 * rich and scratch), or a {@link org.transferlab.engine.theory.dmft.ParticleSolver} driven phase by
 * phase. Inputs are a {@link org.transferlab.engine.theory.dmft.ParticleData} (points and labels),
 * a {@link org.transferlab.engine.theory.dmft.ParticleSpec} (M, groups, seed, sampling) and
 * {@link org.transferlab.engine.theory.dmft.PhaseSpec}s (gamma, lambda, delta, eta, steps).
 * {@link org.transferlab.engine.theory.dmft.ParticleCost} prices a run before it starts.
 */
package org.transferlab.engine.theory.dmft;
