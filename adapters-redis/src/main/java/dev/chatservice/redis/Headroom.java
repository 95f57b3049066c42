package dev.chatservice.redis;

import java.time.Duration;

/**
 * How many numbers a counter keeps reserved ahead of use, sized by its recent rate (Leaf's dynamic step): a
 * top-up starts when fewer than {@link #lowMark} numbers remain below the ceiling, and reserves enough to leave
 * twice that. The low mark covers {@code horizon} of the counter's rate, so a durable store that stops
 * answering for less than the horizon never stops a counter whose rate is steady; a quiet counter keeps the
 * small {@code minimum}, and {@code maximum} bounds the gap a Redis data loss can leave in the numbering.
 *
 * <p>A counter starts with a first block well above the minimum, and takes its first top-up after
 * {@code minimum} grants: its rate is measured early, while most of that block is left for the time a top-up
 * takes on a node that has just started.
 *
 * @param minimum low mark of a quiet counter, the floor of every low mark, and the grants before a new
 *                counter's first top-up
 * @param horizon how long the numbers left at the low mark must last at the measured rate
 * @param maximum ceiling of every low mark
 * @param first   numbers an application's chat counter, or a counter restarted after Redis lost it, starts
 *                with (a chat's messages start with {@code NumberCeilings.IMPLICIT_MESSAGE_RESERVATION})
 */
public record Headroom(int minimum, Duration horizon, int maximum, int first) {
    /** Bounds the numbers one top-up may reserve, and so the gap a Redis data loss leaves. */
    public static final int MAXIMUM = 1_000_000;

    public Headroom {
        if (minimum < 1 || maximum < minimum || maximum > MAXIMUM || first < minimum) {
            throw new IllegalArgumentException("need 1 <= minimum <= maximum <= " + MAXIMUM
                    + " and minimum <= first");
        }
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("horizon must be positive");
        }
    }

    /**
     * A headroom of at least {@code minimum} numbers, and {@code horizon} of the counter's rate; counters
     * start with {@code 2 × minimum}.
     */
    public static Headroom of(int minimum, Duration horizon) {
        return new Headroom(minimum, horizon, MAXIMUM, 2 * minimum);
    }

    /** This headroom, with counters starting with {@code first} numbers. */
    public Headroom startingWith(int first) {
        return new Headroom(minimum, horizon, maximum, first);
    }

    /** The low mark of a counter that starts with {@code reserved} numbers: its first top-up comes early. */
    public int firstLowMark(int reserved) {
        return Math.max(minimum, reserved - minimum);
    }

    /**
     * The low mark of a counter that granted {@code granted} numbers in the last {@code windowMillis}. A window
     * of zero or less (clocks of several nodes) counts as one millisecond: the counter is then taken as busy.
     */
    public int lowMark(long granted, long windowMillis) {
        if (granted <= 0) {
            return minimum;
        }
        long window = Math.max(1, windowMillis);
        long covering;
        try {
            long scaled = Math.multiplyExact(granted, horizon.toMillis());
            covering = scaled / window + (scaled % window == 0 ? 0 : 1);
        } catch (ArithmeticException e) {
            covering = maximum;
        }
        return (int) Math.max(minimum, Math.min(maximum, covering));
    }

    /**
     * How many numbers to reserve now so that {@code 2 × low} remain above {@code last}, the last number
     * granted; 0 while at least {@code low} remain below {@code ceiling}.
     */
    public static int reservation(long last, long ceiling, int low) {
        if (ceiling - last >= low) {
            return 0;
        }
        return (int) (last + 2L * low - ceiling);
    }
}
