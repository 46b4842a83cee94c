/**
 * The fixed problems behind {@code ./transferlab bench} and the JMH benchmarks (docs/performance.md), built
 * from the engine's real code paths so that what is timed is what a job runs. Sizes are parameters;
 * the documented sizes are the {@code standard()} factories. Nothing here times anything: the
 * callers do.
 */
package org.transferlab.engine.bench;
