package dev.shakedown.traffic;

import java.time.Duration;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * When each request of an open-model load is due: request {@code i} at {@code t0 + offsetNanos(i)},
 * whether or not earlier ones have answered. A constant rate or a linear ramp.
 *
 * @param count how many requests the schedule holds
 * @param offset request number to nanoseconds from the start
 * @param rate seconds into the schedule to the rate asked for then, per second
 * @param from the rate asked for at the start: with {@code to} and the duration, what makes the
 *     schedule again (a worker of a distributed load makes it from these)
 * @param to the rate asked for at the end; {@code from} for a constant rate
 */
public record RateSchedule(
    long count,
    Duration duration,
    LongUnaryOperator offset,
    DoubleUnaryOperator rate,
    double from,
    double to) {

  public static RateSchedule constant(double perSecond, Duration duration) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("a rate must be above 0 per second, not " + perSecond);
    }
    long count = (long) Math.floor(perSecond * duration.toNanos() / 1e9);
    return new RateSchedule(
        count,
        duration,
        i -> (long) (i * 1e9 / perSecond),
        seconds -> perSecond,
        perSecond,
        perSecond);
  }

  /** From {@code from} to {@code to} per second, linearly, over {@code duration}. */
  public static RateSchedule ramp(double from, double to, Duration duration) {
    if (from <= 0 || to <= 0) {
      throw new IllegalArgumentException("a ramp's rates must be above 0 per second");
    }
    double length = duration.toNanos() / 1e9;
    double slope = (to - from) / length; // per second, per second
    long count = (long) Math.floor(from * length + slope * length * length / 2);
    // Requests sent by time t: from*t + slope*t^2/2; request i is due when that reaches i.
    LongUnaryOperator offset =
        i ->
            (long)
                (1e9
                    * (slope == 0
                        ? i / from
                        : (-from + Math.sqrt(from * from + 2 * slope * i)) / slope));
    return new RateSchedule(count, duration, offset, seconds -> from + slope * seconds, from, to);
  }

  /** The schedule that {@code from}, {@code to} and {@code duration} describe. */
  public static RateSchedule of(double from, double to, Duration duration) {
    return from == to ? constant(from, duration) : ramp(from, to, duration);
  }

  /** Nanoseconds from the start at which request {@code i} (from 0) is due. */
  public long offsetNanos(long i) {
    return offset.applyAsLong(i);
  }

  /**
   * Worker {@code index}'s share of this schedule when {@code workers} send it together: the
   * requests whose number is {@code index} modulo {@code workers}, each due when it is due here, so
   * that the shares together are exactly this schedule. Request {@code j} of the share is request
   * {@link #inShare inShare(index, workers, j)} of the whole.
   */
  public RateSchedule share(int index, int workers) {
    if (workers < 1 || index < 0 || index >= workers) {
      throw new IllegalArgumentException("no share " + index + " of " + workers);
    }
    long shareCount = count <= index ? 0 : (count - index + workers - 1) / workers;
    return new RateSchedule(
        shareCount,
        duration,
        j -> offset.applyAsLong(inShare(index, workers, j)),
        seconds -> rate.applyAsDouble(seconds) / workers,
        from / workers,
        to / workers);
  }

  /** The number in the whole schedule of request {@code j} of share {@code index}. */
  public static long inShare(int index, int workers, long j) {
    return index + j * workers;
  }

  /** The rate asked for at {@code elapsed} into the schedule, per second. */
  public double rateAt(Duration elapsed) {
    return rate.applyAsDouble(elapsed.toNanos() / 1e9);
  }
}
