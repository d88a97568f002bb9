package dev.shakedown.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one run came to, in the history: who ran it, from which commit, how long each feature took,
 * and each scenario's outcome with the figures it measured. Small and self-contained, so that a
 * history of hundreds of runs reads in a moment and a run folder thrown away loses nothing of it.
 *
 * @param verdict the compliance headline: PASSED, FAILED, ERROR or NOT_TESTED
 */
public record RunSummary(
    int schemaVersion,
    String runId,
    Instant started,
    Instant finished,
    Optional<String> commit,
    String operator,
    String verdict,
    List<String> clouds,
    List<FeatureTime> features,
    List<ScenarioSummary> scenarios) {

  public static final int SCHEMA_VERSION = 1;

  /** Checked as a summary is read, too: a file that is not one is named, not half-used. */
  public RunSummary {
    if (schemaVersion > SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "written by a newer Shakedown (summary version " + schemaVersion + ")");
    }
    if (runId == null || started == null || finished == null || verdict == null) {
      throw new IllegalArgumentException("runId, started, finished and verdict are required");
    }
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      // It names an object of the history and a folder a report links to: nothing else will do.
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    features = features == null ? List.of() : List.copyOf(features);
    scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    clouds = clouds == null ? List.of() : List.copyOf(clouds);
    commit = commit == null ? Optional.empty() : commit;
    operator = operator == null ? "" : operator;
  }

  /** Whether this run was against exactly these clouds, in whatever order they were named. */
  public boolean ranAgainst(java.util.Collection<String> names) {
    return new java.util.HashSet<>(clouds).equals(new java.util.HashSet<>(names));
  }

  public long durationMillis() {
    return finished.toEpochMilli() - started.toEpochMilli();
  }

  /** The scenario of this run with that name, if it ran (the first, for an outline's rows). */
  public Optional<ScenarioSummary> scenario(String name) {
    return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * The one scenario of this run with that name in that feature file, if exactly one ran: an
   * outline's rows share a name, and which of them is which cannot be told.
   */
  public Optional<ScenarioSummary> scenario(String feature, String name) {
    List<ScenarioSummary> matching =
        scenarios.stream()
            .filter(s -> s.name().equals(name) && s.feature().equals(feature))
            .toList();
    return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
  }

  /** A feature file and the time its scenarios took in this run. */
  public record FeatureTime(String feature, long millis) {
    public FeatureTime {
      if (feature == null || millis < 0) {
        throw new IllegalArgumentException("a feature's time needs the feature and millis >= 0");
      }
    }
  }

  /** A scenario's outcome and what it measured, by the names its evidence gives them. */
  public record ScenarioSummary(
      String name, String location, String verdict, long millis, List<Figure> figures) {
    public ScenarioSummary {
      if (name == null || location == null || verdict == null || millis < 0) {
        throw new IllegalArgumentException(
            "a scenario needs name, location, verdict and millis >= 0");
      }
      figures = figures == null ? List.of() : List.copyOf(figures);
    }

    public String feature() {
      return RunSummaries.feature(location);
    }

    public Optional<Figure> figure(String name) {
      return figures.stream().filter(f -> f.name().equals(name)).findFirst();
    }
  }

  /** One measured figure: {@code load: p99 from the planned send time = 182 ms}. */
  public record Figure(String name, double value, String unit) {
    public Figure {
      if (name == null || !Double.isFinite(value)) {
        throw new IllegalArgumentException("a figure needs a name and a finite value");
      }
      unit = unit == null ? "" : unit;
    }
  }
}
