package dev.shakedown.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.report.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allure's history, kept from one run's report and put where the next run's Allure reads it. */
class AllureHistoryTest {
  @TempDir Path dir;

  private static RunSummary run(String id) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    return new RunSummary(
        1, id, at, at, Optional.empty(), "", "PASSED", List.of(), List.of(), List.of());
  }

  @Test
  void the_newest_runs_allure_history_goes_into_the_next_runs_results() throws Exception {
    DirectoryHistory store = new DirectoryHistory(dir.resolve("history"));
    Path report = Files.createDirectories(dir.resolve("r1/allure-report/history"));
    Files.writeString(report.resolve("history-trend.json"), "[{\"data\":{\"passed\":1}}]");
    Files.writeString(report.resolve("history.json"), "{}");
    Files.writeString(report.resolve("notes.txt"), "not Allure's");
    assertThat(AllureHistory.keep(store, "r1", dir.resolve("r1/allure-report"))).isTrue();
    assertThat(AllureHistory.keep(store, "r2", dir.resolve("r2/allure-report"))).isFalse();

    Path results = dir.resolve("r3/allure-results");
    assertThat(AllureHistory.feed(store, List.of(run("r1"), run("r2")), results)).hasValue("r1");

    assertThat(results.resolve("history/history-trend.json"))
        .content()
        .containsPattern("\"passed\" ?: ?1");
    assertThat(results.resolve("history/history.json")).exists();
    assertThat(results.resolve("history/notes.txt")).doesNotExist();
    assertThat(store.list().runs()).as("not taken for a run summary").isEmpty();
  }

  @Test
  void a_name_from_the_store_never_becomes_a_path_outside_the_folder() throws Exception {
    DirectoryHistory store = new DirectoryHistory(dir.resolve("history"));
    store.addAllureHistory("r1", "{\"../../escaped.json\":{},\"history.json\":{}}".getBytes());

    Path results = dir.resolve("r2/allure-results");
    AllureHistory.feed(store, List.of(run("r1")), results);

    assertThat(results.resolve("history/history.json")).exists();
    assertThat(dir.resolve("escaped.json")).doesNotExist();
    assertThat(dir.resolve("r2/escaped.json")).doesNotExist();
  }
}
