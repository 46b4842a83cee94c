package org.transferlab.engine.experiment;

import org.transferlab.engine.sim.TransferSimulation.SourceOutcome;
import org.transferlab.engine.task.TeacherNormalisation;
import org.transferlab.engine.theory.dmft.ParticleDraw;
import org.transferlab.engine.theory.dmft.ParticleSolver;
import org.transferlab.engine.theory.linear.LinearFlowResult;
import org.transferlab.protocol.spec.NetworkSpec;
import org.transferlab.protocol.spec.PhaseSpec;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * Trained source phases, kept by one engine (one per worker) across the jobs it computes: a sweep's
 * points arrive as separate child jobs, and every point that shares a source (a target sweep) reuses
 * its training. The keys name everything a source phase depends on, job-wide settings included,
 * since two jobs may differ in any of them. Bounded, least recently used out: a particle solver
 * holds fields over all its points (tens of MB at the presets' sizes).
 */
final class SourcePhases {
    static final int FLOWS = 256;
    static final int NETWORKS = 32;
    static final int SOLVERS = 8;

    /** What the linear source flow of one seed depends on: the drawn source set and the source phase. */
    record FlowKey(long seed, PhaseSpec source, int inputDim, TeacherNormalisation norm) {
    }

    /** Everything the simulated source phase of one seed depends on. */
    record NetworkKey(long seed, PhaseSpec sourcePhase, int inputDim, int testSamples, TeacherNormalisation norm,
                      NetworkSpec network, double learningRate, int recordEvery) {
    }

    /**
     * What a trained source solver depends on: the seed's data (source, target and test sets), the source
     * phase and its recording interval.
     */
    record SolverKey(long seed, PhaseSpec source, int targetSamples, TaskSpec targetTask, int inputDim, int testSamples,
                     TeacherNormalisation norm, int particles, ParticleDraw draw, double learningRate,
                     int recordEvery) {
    }

    /** Linear theory: the exact source flow of one seed. */
    final BoundedCache<FlowKey, LinearFlowResult> flows = new BoundedCache<>(FLOWS);
    /** Simulation: one seed's trained source network (read only: target phases copy its weights). */
    final BoundedCache<NetworkKey, SourceOutcome> networks = new BoundedCache<>(NETWORKS);
    /** ReLU theory: one seed's particle solver after its source phase (mutable: used under its own lock). */
    final BoundedCache<SolverKey, ParticleSolver> solvers = new BoundedCache<>(SOLVERS);

    String stats() {
        return "source phases reused: flows " + flows.stats() + ", networks " + networks.stats() + ", solvers "
                + solvers.stats();
    }
}
