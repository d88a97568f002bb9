package dev.shakedown.traffic;

import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Measure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the deployment kept serving over a window of the monitor: at least {@code floor} of its
 * probes succeeded. A window the monitor did not watch in full, or where it made no probe, has no
 * verdict: {@link #requireHeld} refuses it rather than pass on nothing.
 *
 * @param when the window in words, for the verdict: {@code in the 20 s after killing cloud-a/i-1}
 * @param from the window's start: failures are described from there
 */
public record ServingVerdict(ProbeSample sample, Instant from, Percentage floor, String when) {

  public List<Measure> measures() {
    return List.of(
        new Measure("success rate " + when, sample.successRate().percent(), "%"),
        new Measure("requests " + when, sample.total(), "requests"),
        new Measure("failed requests " + when, sample.failed(), "requests"),
        new Measure(
            "p99 latency of the successful requests " + when,
            sample.latencyPercentile(99).toNanos() / 1e6,
            "ms"));
  }

  /** Why the deployment did not keep serving; empty when it did. */
  public Optional<String> failure() {
    if (sample.total() == 0) {
      return Optional.of("no request was made " + when + "; the monitor did not run");
    }
    Percentage rate = sample.successRate();
    if (rate.compareTo(floor) >= 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "kept serving %s (need %s) %s: %,d of %,d requests failed%s; %s",
            rate,
            floor,
            when,
            sample.failed(),
            sample.total(),
            sample.planned() < 0
                ? ""
                : String.format(Locale.ROOT, " (the schedule planned %,d)", sample.planned()),
            sample.describeFailures(from)));
  }

  public boolean held() {
    return failure().isEmpty() && complete();
  }

  /**
   * Throws unless the deployment kept serving: an {@link AssertionError} with the figures when it
   * did not, a {@link dev.shakedown.ShakedownException} when the window was not watched in full.
   */
  public void requireHeld() {
    sample.requireComplete(when);
    failure()
        .ifPresent(
            why -> {
              throw new AssertionError(why);
            });
  }

  private boolean complete() {
    try {
      sample.requireComplete(when);
      return true;
    } catch (dev.shakedown.ShakedownException incomplete) {
      return false;
    }
  }
}
