package dev.chatservice.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The soak's arithmetic, which decides pass or fail: the trend fit, the percentiles and the ramped schedule. */
class SoakRunTest {
    @Test
    void fit_exactLine_recoversSlopeAndMean() {
        List<double[]> points = new ArrayList<>();
        for (int t = 130; t <= 600; t += 10) {
            points.add(new double[] {t, 300 + 0.05 * t});
        }
        double[] line = SoakRun.fit(points);
        assertEquals(300 + 0.05 * 365, line[0], 1e-9);
        assertEquals(0.05, line[1], 1e-12);
        assertEquals(1.0, line[2], 1e-12);
    }

    @Test
    void fit_noiseAroundAFlatLevel_slopeFarBelowTheMemoryLimit() {
        // RSS-like noise of ±4 MiB around 350 MiB must not project past the 8 MiB / 5 % limit over 480 s.
        Random random = new Random(1);
        List<double[]> points = new ArrayList<>();
        for (int t = 130; t <= 600; t += 10) {
            points.add(new double[] {t, 350 + (random.nextDouble() - 0.5) * 8});
        }
        double growth = SoakRun.fit(points)[1] * 480;
        assertTrue(Math.abs(growth) < 8, "growth " + growth);
    }

    @Test
    void fit_constantSeries_zeroSlopeAndNoFit() {
        double[] line = SoakRun.fit(List.of(new double[] {10, 5}, new double[] {20, 5}, new double[] {30, 5}));
        assertEquals(0.0, line[1]);
        assertEquals(0.0, line[2]);
    }

    @Test
    void fit_singlePoint_slopeIsNaN() {
        assertTrue(Double.isNaN(SoakRun.fit(List.of(new double[] {10, 5}))[1]));
    }

    @Test
    void percentile_nearestRank_picksTheRankedValue() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50.0, SoakRun.percentile(sorted, 50));
        assertEquals(99.0, SoakRun.percentile(sorted, 99));
        assertEquals(100.0, SoakRun.percentile(sorted, 99.9));
        assertTrue(Double.isNaN(SoakRun.percentile(new double[0], 99)));
    }

    @Test
    void due_afterTheRamp_oneRequestPerInterval() {
        double rate = 500;
        long rampRequests = (long) (rate * SoakRun.RAMP_SECONDS / 2);
        assertEquals((long) (SoakRun.RAMP_SECONDS * 1e9), SoakRun.due(rampRequests, rate), 1_000);
        assertEquals(2_000_000L, SoakRun.due(rampRequests + 1001, rate) - SoakRun.due(rampRequests + 1000, rate),
                1_000);
    }

    @Test
    void due_duringTheRamp_rateGrowsLinearly() {
        double rate = 500;
        // Half-way through the ramp a quarter of the ramp's requests are due: the rate there is half.
        assertEquals(SoakRun.RAMP_SECONDS / 2 * 1e9, SoakRun.due((long) (rate * SoakRun.RAMP_SECONDS / 2 / 4), rate),
                1e6);
        assertEquals(0L, SoakRun.due(0, rate));
    }
}
