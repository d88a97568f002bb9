import dev.shakedown.config.Redactor;
import dev.shakedown.history.DirectoryHistory;
import dev.shakedown.history.HistoryStore;
import dev.shakedown.report.ComplianceReports;
import dev.shakedown.report.RunMetadata;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.RunSummary;
import dev.shakedown.report.ScenarioResult;
import dev.shakedown.report.TrendWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history's cost as it grows: a folder of N run summaries (20 scenarios of 12 figures each, as
 * a full gate leaves them) listed, and a compliance report made with a trend of the last 20 and of
 * the last 100 runs. Medians of 7 rounds after 3 unmeasured ones.
 * Run by bench/history.sh: java -cp target/shakedown.jar bench/HistoryBench.java [runs]
 */
public class HistoryBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Path dir = Files.createTempDirectory("history-bench");
    DirectoryHistory history = new DirectoryHistory(dir.resolve("history"));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<RunSummary> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      RunSummary summary = summary(String.format("20260101T%06dZ-%06x", i, i), t0.plusSeconds(600L * i), i);
      history.add(summary);
      all.add(summary);
    }
    long bytes;
    try (var files = Files.list(dir.resolve("history"))) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }
    System.out.printf("history of %d runs: %,d bytes on disk, %,d bytes a run%n", runs, bytes, bytes / runs);
    System.out.printf("  list (read and parse every summary): %.1f ms%n", median(() -> history.list()));

    Path run = Files.createDirectories(dir.resolve("run"));
    RunSummary current = all.get(all.size() - 1);
    List<ScenarioResult> scenarios = new ArrayList<>();
    current.scenarios().forEach(s -> scenarios.add(new ScenarioResult(s.name(), s.location(), List.of(), s.verdict(), "", s.millis())));
    new RunRecord(RunRecord.SCHEMA_VERSION,
            new RunMetadata(current.runId(), current.started(), current.finished(), "bench", current.commit(), "bench", List.of("cloud-a", "cloud-b"), "17", "Linux", Optional.empty()),
            scenarios, Map.of(), List.of())
        .write(run, new Redactor());
    for (int window : new int[] {20, 100}) {
      TrendWindow.of(all, current.runId(), List.of("cloud-a", "cloud-b"), window, 50, Optional.of("https://git.example.org/c/{commit}")).write(run);
      double millis = median(() -> ComplianceReports.render(ComplianceReports.read(run), run));
      int html = ComplianceReports.render(ComplianceReports.read(run), run).get(ComplianceReports.HTML_FILE).length;
      System.out.printf("  compliance report with a trend of %d runs: %.1f ms to make, compliance.html %,d bytes%n", window, millis, html);
    }
  }

  private static RunSummary summary(String id, Instant started, int n) {
    List<RunSummary.ScenarioSummary> scenarios = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      List<RunSummary.Figure> figures = new ArrayList<>();
      for (int f = 0; f < 12; f++) {
        figures.add(new RunSummary.Figure("figure " + f + " of scenario " + s, 100 + (n * 7 + f * 13) % 50, "ms"));
      }
      scenarios.add(new RunSummary.ScenarioSummary("Scenario " + s, "features/f" + (s % 5) + ".feature:" + (s * 10 + 3), n % 17 == 0 ? "FAILED" : "PASSED", 30_000, figures));
    }
    List<RunSummary.FeatureTime> features = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      features.add(new RunSummary.FeatureTime("features/f" + f + ".feature", 120_000 + n * 10L));
    }
    return new RunSummary(RunSummary.SCHEMA_VERSION, id, started, started.plusSeconds(600), Optional.of(String.format("%040x", n)), "bench", "PASSED", List.of("cloud-a", "cloud-b"), features, scenarios);
  }

  private static double median(Runnable task) {
    for (int i = 0; i < 3; i++) {
      task.run();
    }
    double[] millis = new double[7];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      task.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis[millis.length / 2];
  }
}
