package dev.shakedown.traffic;

import dev.shakedown.config.Percentage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What an open-model load measured. Latency, of the successful requests, is kept twice: from the
 * planned send time (what a donor waiting on schedule saw, coordinated omission corrected) and from
 * the actual send.
 *
 * @param sent requests that were sent; {@code failures} also counts those that could not be
 * @param failures by kind: {@code HTTP 503}, {@code connect failed}, {@code timed out}, {@code not
 *     sent: in-flight limit}
 * @param intervals one entry per second of the schedule
 * @param acceptedIds ids of accepted writes, for reading them back
 * @param acceptedAfter when each of them was accepted, from {@code started}
 * @param started when the load began
 * @param halted why the load was stopped before its end (the run halted), if it was: its figures
 *     cover only what was sent until then
 * @param workers each worker's own figures when several sent the load together (their histograms
 *     merged into this result's); empty when one generator sent it
 */
public record LoadResult(
    double targetRate,
    double achievedRate,
    long planned,
    long sent,
    long succeeded,
    Map<String, Long> failures,
    Histogram fromPlanned,
    Histogram fromSend,
    Histogram sendLag,
    List<Interval> intervals,
    List<String> acceptedIds,
    List<Duration> acceptedAfter,
    Instant started,
    Duration elapsed,
    double cpuLoad,
    java.util.Optional<String> halted,
    List<WorkerFigures> workers) {

  public long failed() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }

  public Percentage successRate() {
    long total = succeeded + failed();
    return total == 0 ? new Percentage(0) : Percentage.ofFraction((double) succeeded / total);
  }

  public Duration p99FromPlanned() {
    return Duration.ofNanos(fromPlanned.getValueAtPercentile(99));
  }

  public Duration p99FromSend() {
    return Duration.ofNanos(fromSend.getValueAtPercentile(99));
  }

  public Duration sendLagP99() {
    return Duration.ofNanos(sendLag.getValueAtPercentile(99));
  }

  /**
   * {@code 30,000 requests at 1,000/s (achieved 999.8/s): 99.95% succeeded; p99 212 ms from the
   * planned time (180 ms from the send)}
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%,d requests at %,.0f/s (achieved %,.1f/s): %s succeeded; p99 %d ms from the planned send time (%d ms from the actual send)%s",
        planned,
        targetRate,
        achievedRate,
        successRate(),
        p99FromPlanned().toMillis(),
        p99FromSend().toMillis(),
        failures.isEmpty() ? "" : "; failures: " + failures);
  }

  /**
   * One second of the schedule: what was asked, what came back.
   *
   * @param latency from the planned send time, of the requests that succeeded in it; null when none
   *     did
   */
  public record Interval(
      long second, double targetRate, long sent, long succeeded, long failed, Histogram latency) {
    public long p99Millis() {
      return latency == null ? 0 : latency.getValueAtPercentile(99) / 1_000_000;
    }
  }

  /**
   * What one worker of a distributed load measured of its share, beside the merged result.
   *
   * @param index from 0
   * @param behind how it fell behind its share's schedule, if it did: the merged result is then not
   *     valid
   */
  public record WorkerFigures(
      int index,
      int of,
      String where,
      double targetRate,
      double achievedRate,
      long sent,
      long succeeded,
      long failed,
      Duration p99FromPlanned,
      Duration sendLagP99,
      double cpuLoad,
      java.util.Optional<String> behind) {
    /** {@code worker 1 of 2 (pid 4242): 4,500 requests at 150/s (achieved ...} */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "worker %d of %d (%s): %,d sent at %,.1f/s of %,.1f/s, %,d succeeded, %,d failed; p99 %d ms from the planned send time; send lag p99 %d ms; CPU %.0f%%%s",
          index + 1,
          of,
          where,
          sent,
          achievedRate,
          targetRate,
          succeeded,
          failed,
          p99FromPlanned.toMillis(),
          sendLagP99.toMillis(),
          cpuLoad * 100,
          behind.map(b -> "; FELL BEHIND: " + b).orElse(""));
    }
  }
}
