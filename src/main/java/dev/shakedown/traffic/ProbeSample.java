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
  private final List<ProbeResult> results;

  private ProbeSample(List<ProbeResult> results) {
    this.results = List.copyOf(results);
  }

  /**
   * Successful results by the cloud that served them ({@code X-Served-By}), in first-seen order.
   */
  public Map<String, Long> servedBy() {
    Map<String, Long> counts = new LinkedHashMap<>();
    results.stream()
        .filter(ProbeResult::ok)
        .forEach(r -> counts.merge(r.servedBy().orElse("(not said)"), 1L, Long::sum));
    return counts;
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

  public Duration latencyPercentile(double percentile) {
    List<Duration> sorted = results.stream().map(ProbeResult::latency).sorted().toList();
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

    Builder add(ProbeResult result) {
      results.add(result);
      return this;
    }

    ProbeSample build() {
      return new ProbeSample(results);
    }
  }
}
