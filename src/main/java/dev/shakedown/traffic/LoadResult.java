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
    java.util.Optional<String> halted) {

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

  /** One second of the schedule: what was asked, what came back. */
  public record Interval(
      long second, double targetRate, long sent, long succeeded, long failed, long p99Millis) {}
}
