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
 */
public record RateSchedule(
    long count, Duration duration, LongUnaryOperator offset, DoubleUnaryOperator rate) {

  public static RateSchedule constant(double perSecond, Duration duration) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("a rate must be above 0 per second, not " + perSecond);
    }
    long count = (long) Math.floor(perSecond * duration.toNanos() / 1e9);
    return new RateSchedule(
        count, duration, i -> (long) (i * 1e9 / perSecond), seconds -> perSecond);
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
    return new RateSchedule(count, duration, offset, seconds -> from + slope * seconds);
  }

  /** Nanoseconds from the start at which request {@code i} (from 0) is due. */
  public long offsetNanos(long i) {
    return offset.applyAsLong(i);
  }

  /** The rate asked for at {@code elapsed} into the schedule, per second. */
  public double rateAt(Duration elapsed) {
    return rate.applyAsDouble(elapsed.toNanos() / 1e9);
  }
}
