package dev.shakedown.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.ControlsFile.Control;
import dev.shakedown.config.ControlsFile.Severity;
import dev.shakedown.config.Redactor;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.report.RunMetadata;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.RunSummaries;
import dev.shakedown.report.RunSummary;
import dev.shakedown.report.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run summaries made from run folders, kept one file per run, and shown as tables. */
class HistoryTest {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @TempDir Path dir;

  /** A run folder as a run leaves it: run.json and one scenario's evidence. */
  private Path runFolder(String runId, Instant started, String commit, double p99, String verdict)
      throws Exception {
    Path folder = Files.createDirectories(dir.resolve(runId));
    new RunRecord(
            RunRecord.SCHEMA_VERSION,
            new RunMetadata(
                runId,
                started,
                started.plusSeconds(95),
                "0.1.0",
                Optional.of(commit),
                "jane",
                List.of("cloud-a"),
                "17",
                "Linux",
                Optional.empty()),
            List.of(
                new ScenarioResult(
                    "Losing an instance",
                    "features/failover/failover.feature:7",
                    List.of("@control:SOC2-A1.2"),
                    verdict,
                    "",
                    61_000),
                new ScenarioResult(
                    "Backups are fresh",
                    "features/backup/backup.feature:6",
                    List.of(),
                    "PASSED",
                    "",
                    4_500)),
            Map.of("SOC2-A1.2", new Control("Recovery", "SOC 2", Severity.HIGH)),
            List.of())
        .write(folder, new Redactor());
    Path evidence = Files.createDirectories(folder.resolve("evidence"));
    Files.write(
        evidence.resolve("001-losing-an-instance.json"),
        JSON.writeValueAsBytes(
            new Evidence.Record(
                "Losing an instance",
                "features/failover/failover.feature:7",
                List.of(),
                verdict,
                started,
                started.plusSeconds(61),
                List.of(
                    new Evidence.Measurement(
                        started.plusSeconds(30),
                        "load: p99 from the planned send time",
                        p99 / 2,
                        "ms"),
                    new Evidence.Measurement(
                        started.plusSeconds(60), "load: p99 from the planned send time", p99, "ms"),
                    new Evidence.Measurement(
                        started.plusSeconds(60), "time to replace cloud-a/" + runId, 12_500, "ms")),
                List.of(),
                List.of(),
                List.of(),
                List.of())));
    return folder;
  }

  @Test
  void should_summarise_a_run_folder_with_its_commit_feature_times_and_last_figures()
      throws Exception {
    Path folder =
        runFolder(
            "20261201T100000Z-aaaaaa",
            Instant.parse("2026-12-01T10:00:00Z"),
            "abcdef1234",
            180,
            "PASSED");

    RunSummary summary = RunSummaries.of(folder);

    assertThat(summary.commit()).hasValue("abcdef1234");
    assertThat(summary.durationMillis()).isEqualTo(95_000);
    assertThat(summary.features())
        .containsExactly(
            new RunSummary.FeatureTime("features/failover/failover.feature", 61_000),
            new RunSummary.FeatureTime("features/backup/backup.feature", 4_500));
    RunSummary.ScenarioSummary losing = summary.scenario("Losing an instance").orElseThrow();
    assertThat(losing.figure("load: p99 from the planned send time"))
        .hasValue(new RunSummary.Figure("load: p99 from the planned send time", 180, "ms"));
    assertThat(
            losing.figure("time to replace cloud-a/20261201T100000Z-aaaaaa").orElseThrow().value())
        .isEqualTo(12_500);
    assertThat(summary.clouds()).containsExactly("cloud-a");
    assertThat(summary.scenario("Backups are fresh").orElseThrow().figures()).isEmpty();
  }

  @Test
  void should_keep_every_run_when_many_add_at_once_and_name_what_it_cannot_read() throws Exception {
    DirectoryHistory history = new DirectoryHistory(dir.resolve("history"));
    RunSummary template =
        RunSummaries.of(
            runFolder(
                "20261201T100000Z-aaaaaa",
                Instant.parse("2026-12-01T10:00:00Z"),
                "abc",
                100,
                "PASSED"));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> adding = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      adding.add(
          threads.submit(
              () ->
                  history.add(
                      new RunSummary(
                          RunSummary.SCHEMA_VERSION,
                          String.format("20261201T1000%02dZ-run%03d", n % 60, n),
                          template.started().plusSeconds(n),
                          template.finished().plusSeconds(n),
                          template.commit(),
                          template.operator(),
                          template.verdict(),
                          template.clouds(),
                          template.features(),
                          template.scenarios()))));
    }
    // Read while they write: never half a summary, never a temporary file taken for one.
    while (adding.stream().anyMatch(add -> !add.isDone())) {
      assertThat(history.list().unreadable()).isEmpty();
    }
    for (Future<?> add : adding) {
      add.get();
    }
    threads.shutdown();
    Files.writeString(dir.resolve("history/20261130T000000Z-broken.json"), "{\"runId\": ");

    HistoryStore.Listing listing = history.list();

    assertThat(listing.runs()).hasSize(40);
    assertThat(listing.runs().get(0).runId()).isEqualTo("20261201T100000Z-run000");
    assertThat(listing.runs().get(39).runId()).isEqualTo("20261201T100039Z-run039");
    assertThat(listing.unreadable())
        .singleElement()
        .asString()
        .contains("20261130T000000Z-broken.json: not a run summary");
    try (var files = Files.list(dir.resolve("history"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".partial"));
    }
  }

  @Test
  void should_show_the_runs_and_one_scenario_s_figures_run_by_run() throws Exception {
    Path history = dir.resolve("history");
    DirectoryHistory store = new DirectoryHistory(history);
    store.add(
        RunSummaries.of(
            runFolder(
                "20261201T100000Z-aaaaaa",
                Instant.parse("2026-12-01T10:00:00Z"),
                "1111111aaaa",
                180,
                "PASSED")));
    store.add(
        RunSummaries.of(
            runFolder(
                "20261201T110000Z-bbbbbb",
                Instant.parse("2026-12-01T11:00:00Z"),
                "2222222bbbb",
                410,
                "FAILED")));

    CommandLineRun runs = CommandLineRun.of("history", "--history", history.toString());
    CommandLineRun scenario =
        CommandLineRun.of(
            "history", "--history", history.toString(), "--scenario", "Losing an instance");
    CommandLineRun last =
        CommandLineRun.of("history", "--history", history.toString(), "--last", "1");
    CommandLineRun misspelt =
        CommandLineRun.of(
            "history", "--history", history.toString(), "--scenario", "Losing an instanse");

    assertThat(runs.exitCode()).as(runs.all()).isZero();
    assertThat(runs.out())
        .contains("20261201T100000Z-aaaaaa  2026-12-01 10:00  1111111")
        .contains("20261201T110000Z-bbbbbb  2026-12-01 11:00  2222222")
        .contains("features/failover/failover.feature")
        .contains("1m01s");
    assertThat(scenario.out())
        .containsPattern("outcome +PASSED +FAILED")
        .containsPattern("load: p99 from the planned send time \\(ms\\) +180 +410")
        // One row for the slowest replacement, though each run named its own instance.
        .containsPattern("time to replace an instance, slowest \\(ms\\) +12,500 +12,500")
        .doesNotContain("cloud-a/2026");
    assertThat(last.out()).contains("bbbbbb").doesNotContain("aaaaaa");
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err().strip())
        .hasLineCount(1)
        .contains("no scenario 'Losing an instanse'")
        .contains("did you mean 'Losing an instance'?");
  }

  @Test
  void should_name_a_file_of_a_newer_version_or_no_summary_at_all_and_read_the_rest()
      throws Exception {
    Path history = Files.createDirectories(dir.resolve("history"));
    DirectoryHistory store = new DirectoryHistory(history);
    store.add(
        RunSummaries.of(
            runFolder(
                "20261201T100000Z-aaaaaa",
                Instant.parse("2026-12-01T10:00:00Z"),
                "abc",
                100,
                "PASSED")));
    Files.writeString(history.resolve("empty.json"), "{}");
    Files.writeString(
        history.resolve("future.json"),
        "{\"schemaVersion\": 2, \"runId\": \"x\", \"started\": \"2026-12-01T10:00:00Z\","
            + " \"finished\": \"2026-12-01T10:00:00Z\", \"verdict\": \"PASSED\"}");

    HistoryStore.Listing listing = store.list();

    assertThat(listing.runs()).hasSize(1);
    assertThat(listing.unreadable()).hasSize(2);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(history.resolve("20261201T100000Z-aaaaaa.json"))))
        .isEqualTo("rw-r--r--");
    CommandLineRun missing =
        CommandLineRun.of("history", "--history", dir.resolve("typo").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err().strip()).hasLineCount(1).contains("is not a folder");
  }

  @Test
  void should_say_so_when_the_history_is_empty() {
    CommandLineRun empty =
        CommandLineRun.of("history", "--reports", dir.resolve("none").toString());

    assertThat(empty.exitCode()).isZero();
    assertThat(empty.out()).contains("no runs in the history");
  }

  @Test
  void a_summary_that_cannot_be_fetched_fails_the_listing_rather_than_shrink_it() {
    SummaryObjects failing =
        new SummaryObjects() {
          @Override
          public String describe() {
            return "s3://h/";
          }

          @Override
          protected String where(String name) {
            return "s3://h/" + name;
          }

          @Override
          protected void put(String name, byte[] bytes) {}

          @Override
          protected List<String> names() {
            return List.of("20261201T100000Z-a.json");
          }

          @Override
          protected Optional<byte[]> get(String name) throws java.io.IOException {
            throw new java.io.IOException("s3:GetObject on s3://h/ was denied");
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(failing::list)
        .isInstanceOf(dev.shakedown.ShakedownException.class)
        .hasMessage(
            "cannot read the history: s3://h/20261201T100000Z-a.json: s3:GetObject on s3://h/ was"
                + " denied");
  }
}
