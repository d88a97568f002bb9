package dev.shakedown.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's summary, made from its folder: the same folder, the same summary. */
public final class RunSummaries {
  private RunSummaries() {}

  public static RunSummary of(Path runFolder) {
    return of(ComplianceReports.read(runFolder));
  }

  /** The summary of the run a compliance report is of. */
  public static RunSummary of(ComplianceReport report) {
    Map<String, Long> features = new LinkedHashMap<>();
    List<RunSummary.ScenarioSummary> scenarios = new ArrayList<>();
    for (ComplianceReport.ScenarioEntry entry : report.scenarios()) {
      ScenarioResult scenario = entry.result();
      features.merge(feature(scenario.location()), scenario.durationMillis(), Long::sum);
      Map<String, RunSummary.Figure> figures = new LinkedHashMap<>();
      // A figure measured twice in one scenario (before and after a fault) keeps its last.
      entry
          .evidence()
          .ifPresent(
              measured ->
                  measured
                      .measurements()
                      .forEach(
                          m ->
                              figures.put(
                                  m.name(), new RunSummary.Figure(m.name(), m.value(), m.unit()))));
      scenarios.add(
          new RunSummary.ScenarioSummary(
              scenario.name(),
              scenario.location(),
              scenario.verdict(),
              scenario.durationMillis(),
              List.copyOf(figures.values())));
    }
    RunMetadata run = report.run();
    return new RunSummary(
        RunSummary.SCHEMA_VERSION,
        run.runId(),
        run.started(),
        run.finished(),
        run.gitCommit(),
        run.operator(),
        report.verdict(),
        run.clouds(),
        features.entrySet().stream()
            .map(e -> new RunSummary.FeatureTime(e.getKey(), e.getValue()))
            .toList(),
        scenarios);
  }

  /** {@code features/backup/backup.feature} of {@code features/backup/backup.feature:6}. */
  public static String feature(String location) {
    int colon = location.lastIndexOf(':');
    return colon > 0 ? location.substring(0, colon) : location;
  }
}
