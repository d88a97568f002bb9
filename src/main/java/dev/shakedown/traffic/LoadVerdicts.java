package dev.shakedown.traffic;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Noun;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Measure;
import dev.shakedown.evidence.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a load's result says against a requirement: each check a verdict with its figures. */
public final class LoadVerdicts {
  private LoadVerdicts() {}

  /** At least {@code floor} of the load's requests succeeded. */
  public static Verdict successRate(LoadResult result, Percentage floor, Noun noun) {
    if (result.successRate().compareTo(floor) >= 0) {
      return Verdict.held(List.of());
    }
    return Verdict.failed(
        List.of(),
        String.format(
            Locale.ROOT,
            "%s of the %s succeeded (need %s): %,d of %,d failed; %s",
            result.successRate(),
            noun.plural(),
            floor,
            result.failed(),
            result.succeeded() + result.failed(),
            result.failures()));
  }

  /**
   * The p99 latency of the successful requests, from their planned send time, is under {@code
   * millis}; not judged on too few requests, nor where most failed.
   */
  public static Verdict p99Under(LoadResult result, int millis) {
    LatencyVerdicts.require(
        result.succeeded(), result.failed(), "of the load", () -> result.failures().toString());
    if (result.p99FromPlanned().toMillis() < millis) {
      return Verdict.held(List.of());
    }
    return Verdict.failed(
        List.of(),
        String.format(
            Locale.ROOT,
            "the p99 latency of the successful requests was %d ms from the planned send time"
                + " (need under %d ms; %d ms from the actual send) over %,d of them%s",
            result.p99FromPlanned().toMillis(),
            millis,
            result.p99FromSend().toMillis(),
            result.succeeded(),
            result.failed() == 0
                ? ""
                : String.format(
                    Locale.ROOT, " (%,d more failed: %s)", result.failed(), result.failures())));
  }

  /** The rate the deployment served (successes per second) is within {@code tolerance}. */
  public static Verdict achievedRate(LoadResult result, Percentage tolerance, int rate) {
    double served = result.succeeded() / (result.elapsed().toNanos() / 1e9);
    List<Measure> measures = List.of(new Measure("served rate", served, "requests/s"));
    if (Math.abs(served - rate) <= rate * tolerance.fraction()) {
      return Verdict.held(measures);
    }
    return Verdict.failed(
        measures,
        String.format(
            Locale.ROOT,
            "the deployment served %,.1f successful requests per second (need %,d ± %s); %s",
            served,
            rate,
            tolerance,
            result.summary()));
  }

  /**
   * Every accepted request reads back within {@code within}; a load that accepted none with an id
   * has nothing to show and does not hold.
   */
  public static Verdict readBack(
      LoadResult result, RequestTemplate template, Duration within, Noun noun) {
    if (result.acceptedIds().isEmpty()) {
      return Verdict.failed(
          List.of(),
          "no "
              + noun.singular()
              + " was accepted with an id (load.acceptedId: "
              + template.settings().acceptedId()
              + "), so there is nothing to read back");
    }
    List<String> missing = ReadBack.missing(result.acceptedIds(), template, within);
    List<Measure> measures =
        List.of(
            new Measure(
                "accepted " + noun.plural() + " read back",
                result.acceptedIds().size() - missing.size(),
                noun.plural()),
            new Measure("accepted " + noun.plural() + " missing", missing.size(), noun.plural()));
    if (missing.isEmpty()) {
      return Verdict.held(measures);
    }
    return Verdict.failed(
        measures,
        String.format(
            Locale.ROOT,
            "%,d of %,d accepted %s could not be read back within %s; first: %s",
            missing.size(),
            result.acceptedIds().size(),
            noun.plural(),
            Durations.format(within),
            ReadBack.firstFew(missing)));
  }

  /**
   * The highest rate of a ramp that held {@code floor} success with a p99 under {@code millis},
   * second by second; a ramp of which no second held does not hold.
   */
  public static Verdict breakingPoint(LoadResult result, Percentage floor, int millis) {
    List<Measure> measures = new ArrayList<>();
    double best = 0;
    for (LoadResult.Interval second : result.intervals()) {
      long total = second.succeeded() + second.failed();
      Percentage success =
          total == 0
              ? new Percentage(0)
              : Percentage.ofFraction((double) second.succeeded() / total);
      String at = "second " + second.second() + ": ";
      measures.add(new Measure(at + "rate asked", second.targetRate(), "requests/s"));
      measures.add(new Measure(at + "success", success.percent(), "%"));
      measures.add(new Measure(at + "p99", second.p99Millis(), "ms"));
      if (total > 0 && success.compareTo(floor) >= 0 && second.p99Millis() < millis) {
        best = Math.max(best, second.targetRate());
      }
    }
    String held = floor + " success and p99 under " + millis + " ms";
    measures.add(new Measure("highest rate served with at least " + held, best, "requests/s"));
    if (best == 0) {
      return Verdict.failed(measures, "no second of the ramp held " + held);
    }
    List<LoadResult.Interval> seconds = result.intervals();
    boolean toTheEnd = best >= seconds.get(seconds.size() - 1).targetRate();
    return Verdict.held(measures)
        .noting(
            toTheEnd
                ? String.format(
                    Locale.ROOT,
                    "no breaking point in this ramp: it held to its end, %,.0f requests per second;"
                        + " ramp higher to find it",
                    best)
                : String.format(
                    Locale.ROOT,
                    "breaking point: %,.0f requests per second was the highest that held",
                    best));
  }
}
