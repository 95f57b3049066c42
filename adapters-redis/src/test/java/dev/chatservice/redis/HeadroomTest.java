package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeadroomTest {
    private final Headroom headroom = Headroom.of(500, Duration.ofSeconds(60));

    @Test
    void lowMark_quietCounter_isTheMinimum() {
        assertEquals(500, headroom.lowMark(10, Duration.ofMinutes(5).toMillis()));
    }

    @Test
    void lowMark_noGrantsInWindow_isTheMinimum() {
        assertEquals(500, headroom.lowMark(0, 1000));
    }

    @Test
    void lowMark_busyCounter_coversTheHorizonAtItsRate() {
        // 4,000 grants per second for a minute.
        assertEquals(240_000, headroom.lowMark(8_000, 2_000));
    }

    @Test
    void lowMark_partOfAGrant_roundsUp() {
        assertEquals(601, headroom.lowMark(601, 60_000));
    }

    @Test
    void lowMark_emptyOrBackwardWindow_countsAsBusyAndStaysUnderMaximum() {
        assertEquals(Headroom.MAXIMUM, headroom.lowMark(100_000, 0));
        assertEquals(60_000, headroom.lowMark(1, -5));
    }

    @Test
    void reservation_enoughLeft_isZero() {
        assertEquals(0, Headroom.reservation(1_000, 1_500, 500));
    }

    @Test
    void reservation_belowLowMark_leavesTwiceTheLowMark() {
        assertEquals(1_501, Headroom.reservation(1_001, 1_500, 1_000));
    }

    @Test
    void reservation_spent_leavesTwiceTheLowMark() {
        assertEquals(1_000, Headroom.reservation(1_500, 1_500, 500));
    }

    @Test
    void first_byDefault_isTwiceTheMinimum() {
        assertEquals(1_000, headroom.first());
        assertEquals(10_000, headroom.startingWith(10_000).first());
    }

    @Test
    void firstLowMark_largeFirstBlock_topsUpAfterMinimumGrants() {
        assertEquals(9_500, headroom.firstLowMark(10_000));
        assertEquals(500, headroom.firstLowMark(600));
    }

    @Test
    void new_minimumAboveMaximum_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Headroom(10, Duration.ofSeconds(1), 5, 20));
        assertThrows(IllegalArgumentException.class, () -> Headroom.of(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Headroom.of(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> headroom.startingWith(499));
    }
}
