package org.transferlab.engine.experiment;

import java.util.List;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.SweepGrid;

/** Computes all rows (protocols x methods) of one sweep point for one family of networks. */
interface PointCalculator {
    List<ResultRow> compute(SweepGrid.Point point, ProgressSink progress, CancellationToken cancel);
}
