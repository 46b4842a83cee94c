/**
 * Seeded synthetic data for transfer experiments (THEORY 1.1, 1.2): Gaussian inputs, linear and
 * single-index (quadratic, Hermite) teachers with a prescribed source-target alignment, the noise
 * direction of the source-learned function, and label noise. Every draw comes from a
 * {@link org.transferlab.engine.task.RandomStreams} stream named for its purpose.
 */
package org.transferlab.engine.task;
