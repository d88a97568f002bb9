package dev.shakedown.history;

import dev.shakedown.report.RunSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The history as tables for a terminal: plain text, columns aligned, nothing else. */
public final class HistoryTable {
  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HistoryTable() {}

  /** One row per run: when, what, who, how long, how it ended; then each feature's time. */
  public static String runs(List<RunSummary> runs) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "run",
            "started (UTC)",
            "commit",
            "operator",
            "took",
            "passed",
            "failed",
            "errors",
            "verdict"));
    for (RunSummary run : runs) {
      rows.add(
          List.of(
              run.runId(),
              STARTED.format(run.started()),
              commit(run),
              run.operator(),
              duration(run.durationMillis()),
              count(run, "PASSED"),
              count(run, "FAILED"),
              count(run, "ERROR"),
              run.verdict().replace('_', ' ')));
    }
    StringBuilder out = new StringBuilder(render(rows));
    Map<String, List<String>> features = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      for (RunSummary.FeatureTime feature : runs.get(i).features()) {
        List<String> times =
            features.computeIfAbsent(feature.feature(), f -> new ArrayList<>(blank(runs.size())));
        times.set(i, duration(feature.millis()));
      }
    }
    if (!features.isEmpty()) {
      List<List<String>> timeRows = new ArrayList<>();
      List<String> header = new ArrayList<>(List.of("time per feature"));
      runs.forEach(run -> header.add(shortId(run)));
      timeRows.add(header);
      features.forEach(
          (feature, times) -> {
            List<String> row = new ArrayList<>(List.of(feature));
            row.addAll(times);
            timeRows.add(row);
          });
      out.append('\n').append(render(timeRows));
    }
    return out.toString();
  }

  /** One scenario over the runs: a column per run, a row per figure it measured. */
  public static String scenario(String name, List<RunSummary> runs) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of(name));
    List<String> commits = new ArrayList<>(List.of("commit"));
    List<String> outcomes = new ArrayList<>(List.of("outcome"));
    List<String> took = new ArrayList<>(List.of("took"));
    Map<String, List<String>> figures = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      RunSummary run = runs.get(i);
      header.add(shortId(run));
      commits.add(commit(run));
      RunSummary.ScenarioSummary scenario = run.scenario(name).orElse(null);
      outcomes.add(scenario == null ? "did not run" : scenario.verdict());
      took.add(scenario == null ? "" : duration(scenario.millis()));
      if (scenario == null) {
        continue;
      }
      for (Trend.Figure trend : Trend.Figure.values()) {
        // Figures named by what they were of (time to replace cloud-a/i-0a) differ from run to
        // run: a trend's figure is one row.
        java.util.OptionalDouble value = trend.of(scenario.figures());
        if (value.isPresent() && trend == Trend.Figure.TIME_TO_REPLACE) {
          figures
              .computeIfAbsent(
                  "time to replace an instance, slowest (ms)",
                  f -> new ArrayList<>(blank(runs.size())))
              .set(i, number(value.getAsDouble()));
        }
      }
      for (RunSummary.Figure figure : scenario.figures()) {
        if (figure.name().startsWith("time to replace ")) {
          continue;
        }
        String label =
            figure.unit() == null || figure.unit().isEmpty()
                ? figure.name()
                : figure.name() + " (" + figure.unit() + ")";
        figures
            .computeIfAbsent(label, f -> new ArrayList<>(blank(runs.size())))
            .set(i, number(figure.value()));
      }
    }
    rows.add(header);
    rows.add(commits);
    rows.add(outcomes);
    rows.add(took);
    figures.forEach(
        (label, values) -> {
          List<String> row = new ArrayList<>(List.of(label));
          row.addAll(values);
          rows.add(row);
        });
    return render(rows);
  }

  private static List<String> blank(int n) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cells.add("");
    }
    return cells;
  }

  private static String count(RunSummary run, String verdict) {
    return Long.toString(run.scenarios().stream().filter(s -> s.verdict().equals(verdict)).count());
  }

  private static String commit(RunSummary run) {
    return run.commit().map(c -> c.length() > 7 ? c.substring(0, 7) : c).orElse("-");
  }

  /** {@code 1201T1000Z-abc1} of {@code 20261201T100000Z-abc123}: enough to tell runs apart. */
  private static String shortId(RunSummary run) {
    String id = run.runId();
    return id.matches("\\d{8}T\\d{6}Z-.+") ? id.substring(4, 13) + id.substring(15) : id;
  }

  static String duration(long millis) {
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 60) {
      return millis < 10_000 && millis % 1000 != 0
          ? String.format(Locale.ROOT, "%.1fs", millis / 1000.0)
          : seconds + "s";
    }
    return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e12) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.1f" : "%.2f", value);
  }

  private static String render(List<List<String>> rows) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        // Labels left, figures right, as a reader scans them.
        line.append(c == 0 ? pad(cell, widths[c], false) : pad(cell, widths[c], true));
        if (c < row.size() - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(Math.max(0, width - text.length()));
    return right ? spaces + text : text + spaces;
  }
}
