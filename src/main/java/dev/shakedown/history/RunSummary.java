package dev.shakedown.history;

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
    List<FeatureTime> features,
    List<ScenarioSummary> scenarios) {

  public static final int SCHEMA_VERSION = 1;

  public RunSummary {
    features = features == null ? List.of() : List.copyOf(features);
    scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    commit = commit == null ? Optional.empty() : commit;
  }

  public long durationMillis() {
    return finished.toEpochMilli() - started.toEpochMilli();
  }

  /** The scenario of this run with that name, if it ran. */
  public Optional<ScenarioSummary> scenario(String name) {
    return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** A feature file and the time its scenarios took in this run. */
  public record FeatureTime(String feature, long millis) {}

  /** A scenario's outcome and what it measured, by the names its evidence gives them. */
  public record ScenarioSummary(
      String name, String location, String verdict, long millis, List<Figure> figures) {
    public ScenarioSummary {
      figures = figures == null ? List.of() : List.copyOf(figures);
    }

    public Optional<Figure> figure(String name) {
      return figures.stream().filter(f -> f.name().equals(name)).findFirst();
    }
  }

  /** One measured figure: {@code load: p99 from the planned send = 182 ms}. */
  public record Figure(String name, double value, String unit) {}
}
