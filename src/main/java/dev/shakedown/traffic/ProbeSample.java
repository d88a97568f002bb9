package dev.shakedown.traffic;

import dev.shakedown.config.Percentage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run of probe results and the figures a verdict quotes: counts, rate, failures by kind and when.
 */
public final class ProbeSample {
  /** The share of planned probes a window may lack and still be judged: scheduling jitter. */
  public static final double MARGIN = 0.10;

  /** Fewer requests than this make a p99 a maximum at best: such a window is not judged. */
  public static final int FOR_A_PERCENTILE = 100;

  private final List<ProbeResult> results;
  private final int planned;

  private ProbeSample(List<ProbeResult> results, int planned) {
    this.results = results.stream().sorted(Comparator.comparing(ProbeResult::at)).toList();
    this.planned = planned;
  }

  /**
   * Every result by who answered it: the cloud that served it ({@code X-Served-By}), {@code (not
   * said)} for a success that does not say, and {@code (failed)} for a failure, which no cloud
   * served; in first-seen order.
   */
  public Map<String, Long> servedBy() {
    Map<String, Long> counts = new LinkedHashMap<>();
    results.forEach(
        r -> counts.merge(r.ok() ? r.servedBy().orElse("(not said)") : "(failed)", 1L, Long::sum));
    return counts;
  }

  /** How many probes the monitor's schedule sent, or should have, in the window; -1 if unknown. */
  public int planned() {
    return planned;
  }

  /**
   * Refuses to judge a window with fewer probes than its schedule planned, beyond {@link #MARGIN}:
   * the harness did not watch it (starved of CPU, or stopped), so no verdict can be read from it.
   */
  public void requireComplete(String window) {
    if (planned < 0) {
      return;
    }
    int minimum = (int) Math.floor(planned * (1 - MARGIN));
    if (total() < minimum) {
      throw new dev.shakedown.ShakedownException(
          String.format(
              Locale.ROOT,
              "the monitor made %,d of the %,d probes its schedule planned %s (a window may lack %.0f%%"
                  + " of them); it did not watch that window, so no verdict is read from it: was the"
                  + " harness starved of CPU?",
              total(),
              planned,
              window,
              MARGIN * 100));
    }
  }

  /** {@code 200 requests (200 planned)}: the sample size every verdict states. */
  public String size() {
    return String.format(Locale.ROOT, "%,d requests", total())
        + (planned < 0 ? "" : String.format(Locale.ROOT, " (%,d planned)", planned));
  }

  static Builder builder() {
    return new Builder();
  }

  public List<ProbeResult> results() {
    return results;
  }

  public int total() {
    return results.size();
  }

  public long succeeded() {
    return results.stream().filter(ProbeResult::ok).count();
  }

  public long failed() {
    return total() - succeeded();
  }

  public Percentage successRate() {
    return total() == 0 ? new Percentage(0) : Percentage.ofFraction((double) succeeded() / total());
  }

  /** True when no probe got any answer because nothing listened: the target is down or misnamed. */
  public boolean unreachable() {
    return !results.isEmpty() && results.stream().allMatch(ProbeResult::refused);
  }

  /**
   * The latency percentile of the successful probes: a failure's latency (a quick 502, a refused
   * connection) says nothing about how fast the deployment serves.
   */
  public Duration latencyPercentile(double percentile) {
    List<Duration> sorted =
        results.stream().filter(ProbeResult::ok).map(ProbeResult::latency).sorted().toList();
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /**
   * The failures, grouped: {@code 20 × HTTP 500 from deployment, first at +0.0 s, last at +1.9 s}.
   */
  public String describeFailures() {
    return results.isEmpty() ? "no probe was made" : describeFailures(results.get(0).at());
  }

  /**
   * As {@link #describeFailures()}, with times counted from {@code start} (when the fault was
   * applied).
   */
  public String describeFailures(Instant start) {
    if (results.isEmpty()) {
      return "no probe was made";
    }
    Map<String, List<ProbeResult>> byKind = new LinkedHashMap<>();
    for (ProbeResult result : results) {
      if (!result.ok()) {
        byKind
            .computeIfAbsent(result.outcome() + " from " + result.target(), k -> new ArrayList<>())
            .add(result);
      }
    }
    return byKind.entrySet().stream()
        .sorted(
            Comparator.comparingInt((Map.Entry<String, List<ProbeResult>> e) -> e.getValue().size())
                .reversed())
        .map(
            e ->
                e.getValue().size()
                    + " × "
                    + e.getKey()
                    + ", first at "
                    + offset(start, e.getValue().get(0).at())
                    + ", last at "
                    + offset(start, e.getValue().get(e.getValue().size() - 1).at()))
        .collect(Collectors.joining("; "));
  }

  private static String offset(Instant start, Instant at) {
    return String.format(Locale.ROOT, "+%.1f s", Duration.between(start, at).toMillis() / 1000.0);
  }

  static final class Builder {
    private final List<ProbeResult> results = new ArrayList<>();
    private int planned = -1;

    Builder add(ProbeResult result) {
      results.add(result);
      return this;
    }

    Builder planned(int probes) {
      planned = probes;
      return this;
    }

    ProbeSample build() {
      return new ProbeSample(results, planned);
    }
  }
}
