package dev.shakedown.history;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.report.ComplianceReport;
import dev.shakedown.report.ComplianceReports;
import dev.shakedown.report.RunMetadata;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.ScenarioResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's summary, made from its folder: the same folder, the same summary. */
public final class RunSummaries {
  private RunSummaries() {}

  public static RunSummary of(Path runFolder) {
    RunRecord record = RunRecord.read(runFolder);
    ComplianceReport report = ComplianceReports.read(runFolder);
    Map<String, Evidence.Record> evidence = new LinkedHashMap<>();
    report.scenarios().forEach(e -> e.evidence().ifPresent(r -> evidence.put(r.location(), r)));
    Map<String, Long> features = new LinkedHashMap<>();
    List<RunSummary.ScenarioSummary> scenarios = new ArrayList<>();
    for (ScenarioResult scenario : record.scenarios()) {
      features.merge(feature(scenario.location()), scenario.durationMillis(), Long::sum);
      Map<String, RunSummary.Figure> figures = new LinkedHashMap<>();
      Evidence.Record measured = evidence.get(scenario.location());
      if (measured != null) {
        // A figure measured twice in one scenario (before and after a fault) keeps its last.
        measured
            .measurements()
            .forEach(
                m -> figures.put(m.name(), new RunSummary.Figure(m.name(), m.value(), m.unit())));
      }
      scenarios.add(
          new RunSummary.ScenarioSummary(
              scenario.name(),
              scenario.location(),
              scenario.verdict(),
              scenario.durationMillis(),
              List.copyOf(figures.values())));
    }
    RunMetadata run = record.run();
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
