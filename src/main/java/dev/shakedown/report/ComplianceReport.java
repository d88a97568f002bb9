package dev.shakedown.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shakedown.config.ControlsFile;
import dev.shakedown.evidence.Evidence;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The compliance report's content, the same for its HTML and its JSON: the verdict of every control
 * of the catalogue from the scenarios tagged with it, and each scenario with its evidence.
 */
public record ComplianceReport(
    int schemaVersion,
    String verdict,
    RunMetadata run,
    Counts counts,
    List<ControlRow> controls,
    List<ScenarioEntry> scenarios,
    // Absent, not null, for a run that was no game day: its report stays byte for byte as before.
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Gameday> gameday) {

  public static final int SCHEMA_VERSION = 1;

  /** A control's verdict. */
  public enum Verdict {
    PASSED,
    FAILED,
    /** Failed, under a waiver valid on the run's day. */
    WAIVED,
    /** A scenario for it could not be run: no evidence either way. */
    ERROR,
    /** No scenario for it ran in this run. */
    NOT_TESTED
  }

  public record Counts(
      int controls, int passed, int failed, int waived, int errors, int notTested) {}

  /**
   * @param waiver the waiver on file for the control, if any, and whether it still waived
   */
  public record ControlRow(
      String id,
      String title,
      String framework,
      String severity,
      Verdict verdict,
      List<ScenarioRef> scenarios,
      Optional<WaiverState> waiver) {}

  public record ScenarioRef(String name, String location, String verdict) {}

  public record WaiverState(
      String justification, String approver, LocalDate expires, boolean valid) {}

  public record ScenarioEntry(ScenarioResult result, Optional<Evidence.Record> evidence) {}

  public static ComplianceReport build(RunRecord record, List<Evidence.Record> evidence) {
    LocalDate day = LocalDate.ofInstant(record.run().finished(), ZoneOffset.UTC);
    Map<String, List<ScenarioResult>> byControl = new TreeMap<>();
    for (ScenarioResult scenario : record.scenarios()) {
      for (String control : scenario.controls()) {
        byControl.computeIfAbsent(control, c -> new ArrayList<>()).add(scenario);
      }
    }
    TreeSet<String> ids = new TreeSet<>(record.controls().keySet());
    ids.addAll(byControl.keySet());
    List<ControlRow> rows = new ArrayList<>();
    for (String id : ids) {
      ControlsFile.Control control = record.controls().get(id);
      List<ScenarioResult> scenarios = byControl.getOrDefault(id, List.of());
      Optional<WaiverState> waiver =
          record.waivers().stream()
              .filter(w -> w.control().equals(id))
              .max(Comparator.comparing(ControlsFile.Waiver::expires))
              .map(
                  w ->
                      new WaiverState(
                          w.justification(), w.approver(), w.expires(), w.validOn(day)));
      rows.add(
          new ControlRow(
              id,
              control == null ? "(not in the catalogue)" : control.title(),
              control == null ? "" : control.framework(),
              control == null ? "" : control.severity().name().toLowerCase(java.util.Locale.ROOT),
              verdict(scenarios, waiver),
              scenarios.stream()
                  .map(s -> new ScenarioRef(s.name(), s.location(), s.verdict()))
                  .toList(),
              waiver));
    }
    Map<String, Evidence.Record> evidenceByLocation = new TreeMap<>();
    evidence.forEach(e -> evidenceByLocation.put(e.location(), e));
    List<ScenarioEntry> entries =
        record.scenarios().stream()
            .map(
                s ->
                    new ScenarioEntry(s, Optional.ofNullable(evidenceByLocation.get(s.location()))))
            .toList();
    Counts counts =
        new Counts(
            rows.size(),
            count(rows, Verdict.PASSED),
            count(rows, Verdict.FAILED),
            count(rows, Verdict.WAIVED),
            count(rows, Verdict.ERROR),
            count(rows, Verdict.NOT_TESTED));
    return new ComplianceReport(
        SCHEMA_VERSION,
        overall(counts, record.scenarios()),
        record.run(),
        counts,
        rows,
        entries,
        record.gameday());
  }

  private static Verdict verdict(List<ScenarioResult> scenarios, Optional<WaiverState> waiver) {
    List<ScenarioResult> ran =
        scenarios.stream().filter(s -> !s.verdict().equals("SKIPPED")).toList();
    if (ran.isEmpty()) {
      return Verdict.NOT_TESTED;
    }
    if (ran.stream().anyMatch(s -> s.verdict().equals("FAILED"))) {
      return waiver.filter(WaiverState::valid).isPresent() ? Verdict.WAIVED : Verdict.FAILED;
    }
    if (ran.stream().anyMatch(s -> s.verdict().equals("ERROR"))) {
      return Verdict.ERROR;
    }
    return Verdict.PASSED;
  }

  private static String overall(Counts counts, List<ScenarioResult> scenarios) {
    boolean failedOutsideControls =
        scenarios.stream().anyMatch(s -> s.verdict().equals("FAILED") && s.controls().isEmpty());
    if (counts.failed() > 0 || failedOutsideControls) {
      return "FAILED";
    }
    if (counts.errors() > 0 || scenarios.stream().anyMatch(s -> s.verdict().equals("ERROR"))) {
      return "ERROR";
    }
    // A run that tested only some controls did not show the rest hold: the headline says so.
    if (counts.notTested() > 0) {
      return "NOT_TESTED";
    }
    return "PASSED";
  }

  private static int count(List<ControlRow> rows, Verdict verdict) {
    return (int) rows.stream().filter(r -> r.verdict() == verdict).count();
  }
}
