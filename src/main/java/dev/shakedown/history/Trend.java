package dev.shakedown.history;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Measure;
import dev.shakedown.evidence.Verdict;
import dev.shakedown.report.RunSummary;
import dev.shakedown.report.TrendWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A figure of this run against the same figure in the last passing runs of the same scenario: the
 * median of theirs is the baseline, which one bad run cannot move, and this run's may be at most so
 * much above it. Runs where the scenario failed are left out of the baseline, so that a regression
 * that fails every run does not become the new normal. The same scenario is the same name in the
 * same feature file, run against the same clouds: another deployment's figures in the same history
 * are not a baseline.
 */
public final class Trend {
  private Trend() {}

  /** A figure a trend is kept of, and how it is read out of a scenario's figures. */
  public enum Figure {
    P99_LATENCY("the p99 latency", "ms") {
      @Override
      OptionalDouble of(List<RunSummary.Figure> figures) {
        return figures.stream()
            .filter(f -> f.name().equals("load: p99 from the planned send time"))
            .mapToDouble(RunSummary.Figure::value)
            .reduce((first, last) -> last);
      }
    },
    TIME_TO_REPLACE("the time to replace an instance", "ms") {
      @Override
      OptionalDouble of(List<RunSummary.Figure> figures) {
        // Several kills in one scenario: the slowest replacement is the one that matters.
        return figures.stream()
            .filter(f -> f.name().startsWith("time to replace "))
            .mapToDouble(RunSummary.Figure::value)
            .max();
      }
    };

    private final String what;
    private final String unit;

    Figure(String what, String unit) {
      this.what = what;
      this.unit = unit;
    }

    public String what() {
      return what;
    }

    abstract OptionalDouble of(List<RunSummary.Figure> figures);
  }

  /** The scenario a trend is of: its name, its feature file, and the clouds it ran against. */
  public record Subject(String scenario, String feature, List<String> clouds) {
    public Subject {
      clouds = clouds.stream().sorted().toList();
    }
  }

  /** Refuses a count of earlier runs that cannot make a baseline, before anything runs. */
  public static void requireRuns(int last) {
    if (last < 1) {
      throw new ShakedownException(
          "a trend compares with at least 1 earlier run; write 'the last 10 runs', not " + last);
    }
  }

  /**
   * @param measured what this scenario has measured so far
   * @param history the history as listed, oldest first
   * @param last how many of the latest passing runs make the baseline
   * @throws ShakedownException when this scenario has not measured the figure (the step is in the
   *     wrong place): an error of the check, not a verdict
   */
  public static Verdict judge(
      Figure figure,
      List<RunSummary.Figure> measured,
      Subject subject,
      HistoryStore.Listing history,
      int last,
      Percentage above) {
    requireRuns(last);
    OptionalDouble now = figure.of(lastOfEach(measured));
    if (now.isEmpty()) {
      throw new ShakedownException(
          "this scenario has not measured "
              + figure.what
              + " yet: put the trend step after the step that measures it");
    }
    List<Double> earlier = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    List<RunSummary> runsRead = history.runs();
    for (int i = runsRead.size() - 1; i >= 0 && earlier.size() < last; i--) {
      RunSummary run = runsRead.get(i);
      if (!run.ranAgainst(subject.clouds())) {
        continue;
      }
      run.scenario(subject.feature(), subject.scenario())
          .filter(s -> s.verdict().equals("PASSED"))
          .map(s -> figure.of(s.figures()))
          .filter(OptionalDouble::isPresent)
          .ifPresent(
              value -> {
                earlier.add(value.getAsDouble());
                runs.add(run.runId());
              });
    }
    double current = now.getAsDouble();
    List<Measure> measures = new ArrayList<>();
    measures.add(new Measure(figure.what + " of this run", current, figure.unit));
    if (earlier.isEmpty() && !history.unreadable().isEmpty()) {
      // What could not be read may be the very runs to compare with: holding would pass blind.
      throw new ShakedownException(
          "no earlier passing run of this scenario to compare "
              + figure.what
              + " with, and "
              + history.unreadable().size()
              + " file(s) of the history could not be read ("
              + history.unreadable().get(0)
              + "); repair or remove them");
    }
    if (earlier.isEmpty()) {
      return Verdict.held(measures)
          .noting(
              "no earlier passing run of this scenario (this feature file, these clouds) measured "
                  + figure.what
                  + " in the "
                  + runsRead.size()
                  + " run(s) of the history: nothing to compare with, and this run starts its trend");
    }
    double median = TrendWindow.median(earlier);
    double limit = median * (1 + above.fraction());
    measures.add(
        new Measure(
            figure.what + ": median of the last " + earlier.size() + " passing runs",
            median,
            figure.unit));
    String line =
        String.format(
            Locale.ROOT,
            "%s was %s %s, %s the median of the last %d passing run%s (%s %s; at most %s above"
                + " allowed): %s",
            figure.what,
            number(current),
            figure.unit,
            relation(current, median),
            earlier.size(),
            earlier.size() == 1 ? "" : "s",
            number(median),
            figure.unit,
            above,
            String.join(", ", runs));
    // At the limit holds: 20% above is allowed, whatever the last bit of 1.2 in binary says.
    boolean held = current <= limit + Math.abs(limit) * 1e-12;
    Verdict verdict = held ? Verdict.held(measures) : Verdict.failed(measures, line);
    return verdict.noting(line);
  }

  /**
   * The last value of each figure, as a run's summary keeps it: the current run and the history
   * read the same way.
   */
  private static List<RunSummary.Figure> lastOfEach(List<RunSummary.Figure> measured) {
    java.util.Map<String, RunSummary.Figure> last = new java.util.LinkedHashMap<>();
    measured.forEach(f -> last.put(f.name(), f));
    return List.copyOf(last.values());
  }

  private static String relation(double current, double median) {
    if (median == 0) {
      return current == 0 ? "the same as" : "above";
    }
    double change = (current - median) / median * 100;
    return String.format(
        Locale.ROOT, "%.1f%% %s", Math.abs(change), change >= 0 ? "above" : "below");
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%,.1f", value);
  }
}
