package org.transferlab.protocol.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.SpecJson;

/** The series of a row (alignment curve, kernel spectra) survive JSON and reach the series table. */
class ResultSeriesTest {
    private static ResultRow row() {
        return new ResultRow(Map.of("nu2", 0.5), "joint", "theory", 0.4, 0.01, 1e-5, 2, Map.of("converged", 1.0),
                List.of(0.0, 2.5), List.of(1.5, 0.4), List.of(0.02, 0.01), null, Arrays.asList(0.31, null),
                new KernelSpectra(List.of(0.6, 0.2), List.of(0.7, 0.1)));
    }

    @Test
    void alignmentCurveAndSpectraRoundTripThroughJson() {
        JobResult result = new JobResult("tl-x", null, "v", 1, 2, "w", null, null, List.of(row()));
        JobResult back = SpecJson.read(SpecJson.write(result), JobResult.class);
        assertThat(back).isEqualTo(result);
        assertThat(back.rows().get(0).alignmentCurve()).containsExactly(0.31, null);
        assertThat(back.rows().get(0).spectra().target()).containsExactly(0.7, 0.1);
        // a row without them writes neither field
        ResultRow bare = new ResultRow(null, "scratch", "kernel", 0.5, null, null, 1, null, null, null, null, null,
                null, null);
        assertThat(SpecJson.writeString(bare)).doesNotContain("alignmentCurve").doesNotContain("spectra");
    }

    @Test
    void seriesTableHasOneLinePerValue() {
        String csv = ResultCsv.writeSeries(new JobResult("tl-x", null, "v", 1, 2, "w", null, null, List.of(row())));
        assertThat(csv.lines()).containsExactly(
                "nu2,protocol,method,series,x,value,stdErr",
                "0.5,joint,theory,testLoss,0.0,1.5,0.02",
                "0.5,joint,theory,testLoss,2.5,0.4,0.01",
                "0.5,joint,theory,alignment,0.0,0.31,",
                "0.5,joint,theory,alignment,2.5,,",
                "0.5,joint,theory,sourceSpectrum,1.0,0.6,",
                "0.5,joint,theory,sourceSpectrum,2.0,0.2,",
                "0.5,joint,theory,targetSpectrum,1.0,0.7,",
                "0.5,joint,theory,targetSpectrum,2.0,0.1,");
    }
}
