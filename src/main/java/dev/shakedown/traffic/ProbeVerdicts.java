package dev.shakedown.traffic;

import dev.shakedown.evidence.Measure;
import dev.shakedown.evidence.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a window of the monitor says against a requirement, besides keeping serving. */
public final class ProbeVerdicts {
  private ProbeVerdicts() {}

  /**
   * The p99 latency of the successful probes {@code since} is under {@code millis}: not judged on a
   * window the monitor did not watch in full, on too few probes, nor where most failed.
   *
   * @param since the window in words: {@code since adding 800 ms of latency to cloud-a/store}
   */
  public static Verdict p99Under(ProbeSample sample, Instant from, String since, int millis) {
    sample.requireComplete(since);
    Duration p99 = sample.latencyPercentile(99);
    List<Measure> measures =
        List.of(
            new Measure(
                "p99 latency of the successful requests " + since, p99.toNanos() / 1e6, "ms"),
            new Measure(
                "p50 latency of the successful requests " + since,
                sample.latencyPercentile(50).toNanos() / 1e6,
                "ms"),
            new Measure("successful requests " + since, sample.succeeded(), "requests"));
    try {
      LatencyVerdicts.require(
          sample.succeeded(), sample.failed(), since, () -> sample.describeFailures(from));
    } catch (AssertionError mostFailed) {
      return Verdict.failed(measures, mostFailed.getMessage());
    } catch (dev.shakedown.ShakedownException tooFew) {
      return Verdict.unjudged(measures, tooFew);
    }
    if (p99.compareTo(Duration.ofMillis(millis)) < 0) {
      return Verdict.held(measures);
    }
    return Verdict.failed(
        measures,
        String.format(
            Locale.ROOT,
            "the p99 latency of the successful requests %s was %d ms (need under %d ms) over %,d"
                + " of them%s; p50 %d ms, max %d ms",
            since,
            p99.toMillis(),
            millis,
            sample.succeeded(),
            sample.failed() == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (%,d more failed: %s)",
                    sample.failed(),
                    sample.describeFailures(from)),
            sample.latencyPercentile(50).toMillis(),
            sample.latencyPercentile(100).toMillis()));
  }

  /**
   * Every probe {@code since} the last fault, failures included, was answered by {@code cloud} (its
   * {@code X-Served-By}); a window with no probe does not hold.
   */
  public static Verdict allServedBy(ProbeSample sample, Instant from, String since, String cloud) {
    sample.requireComplete(since);
    Map<String, Long> servedBy = sample.servedBy();
    long byCloud = servedBy.getOrDefault(cloud, 0L);
    List<Measure> measures =
        List.of(
            new Measure("requests served by " + cloud + " " + since, byCloud, "requests"),
            new Measure("requests " + since, sample.total(), "requests"));
    if (sample.total() == 0) {
      return Verdict.failed(
          measures,
          "no request was made " + since + ", so none was served by cloud '" + cloud + "'");
    }
    if (byCloud == sample.total()) {
      return Verdict.held(measures);
    }
    String others =
        servedBy.entrySet().stream()
            .filter(e -> !e.getKey().equals(cloud))
            .map(e -> e.getValue() + " " + by(e.getKey()))
            .collect(Collectors.joining(", "));
    return Verdict.failed(
        measures,
        String.format(
                Locale.ROOT,
                "not every request %s was served by cloud '%s': of %s, %,d were, %s",
                since,
                cloud,
                sample.size(),
                byCloud,
                others)
            + (sample.failed() > 0 ? "; " + sample.describeFailures(from) : ""));
  }

  private static String by(String who) {
    return switch (who) {
      case "(failed)" -> "failed (served by no cloud)";
      case "(not said)" -> "did not say which cloud served them";
      default -> "by " + who;
    };
  }
}
