package dev.shakedown.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Percentage;
import dev.shakedown.evidence.Verdict;
import dev.shakedown.report.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrendTest {
  private static final String SCENARIO = "300 donations a second while an instance dies";
  private static final Percentage TWENTY = new Percentage(20);

  private static RunSummary run(int n, String verdict, RunSummary.Figure... figures) {
    Instant started = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(3600L * n);
    return new RunSummary(
        RunSummary.SCHEMA_VERSION,
        "run-" + n,
        started,
        started.plusSeconds(60),
        Optional.of("c" + n),
        "ci",
        verdict,
        List.of("cloud-a", "cloud-b"),
        List.of(),
        List.of(
            new RunSummary.ScenarioSummary(
                SCENARIO, "f.feature:3", verdict, 60_000, List.of(figures)),
            new RunSummary.ScenarioSummary(
                "another", "f.feature:9", "PASSED", 1, List.of(p99(1)))));
  }

  private static RunSummary.Figure p99(double millis) {
    return new RunSummary.Figure("load: p99 from the planned send time", millis, "ms");
  }

  private static RunSummary.Figure replaced(String what, double millis) {
    return new RunSummary.Figure("time to replace " + what, millis, "ms");
  }

  private static final Trend.Subject SUBJECT =
      new Trend.Subject(SCENARIO, "f.feature", List.of("cloud-b", "cloud-a"));

  private static HistoryStore.Listing listing(List<RunSummary> runs) {
    return new HistoryStore.Listing(runs, List.of());
  }

  private static Verdict p99Trend(double now, List<RunSummary> history, int last) {
    return Trend.judge(
        Trend.Figure.P99_LATENCY, List.of(p99(now)), SUBJECT, listing(history), last, TWENTY);
  }

  @Test
  void should_hold_up_to_the_allowed_share_above_the_median_and_fail_past_it_with_the_figures() {
    List<RunSummary> history =
        List.of(run(1, "PASSED", p99(100)), run(2, "PASSED", p99(400)), run(3, "PASSED", p99(110)));

    assertThat(p99Trend(132, history, 10).held()).isTrue(); // 20% above the median, 110
    Verdict past = p99Trend(133, history, 10);

    assertThat(past.held()).isFalse();
    assertThat(past.failure())
        .hasValue(
            "the p99 latency was 133 ms, 20.9% above the median of the last 3 passing runs (110 ms;"
                + " at most 20% above allowed): run-3, run-2, run-1");
    assertThat(past.measures())
        .extracting(m -> m.name() + " = " + m.value())
        .containsExactly(
            "the p99 latency of this run = 133.0",
            "the p99 latency: median of the last 3 passing runs = 110.0");
  }

  @Test
  void should_take_only_the_last_passing_runs_that_measured_it() {
    List<RunSummary> history = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      history.add(run(n, "PASSED", p99(n <= 2 ? 1000 : 100)));
    }
    history.add(run(13, "FAILED", p99(5000))); // a regression is not the new normal
    history.add(run(14, "PASSED")); // ran, measured nothing

    Verdict verdict = p99Trend(119, history, 10);

    assertThat(verdict.held()).isTrue();
    assertThat(verdict.notes().get(0))
        .contains("median of the last 10 passing runs (100 ms")
        .contains("run-12, run-11")
        .doesNotContain("run-13")
        .doesNotContain("run-2,");
  }

  @Test
  void should_not_take_another_deployment_s_or_another_feature_s_runs_for_a_baseline() {
    RunSummary elsewhere =
        new RunSummary(
            RunSummary.SCHEMA_VERSION,
            "staging-1",
            Instant.parse("2026-12-02T10:00:00Z"),
            Instant.parse("2026-12-02T10:01:00Z"),
            Optional.empty(),
            "ci",
            "PASSED",
            List.of("aws-eu", "gcp-eu"),
            List.of(),
            List.of(
                new RunSummary.ScenarioSummary(
                    SCENARIO, "f.feature:3", "PASSED", 1, List.of(p99(900)))));
    RunSummary otherFeature =
        new RunSummary(
            RunSummary.SCHEMA_VERSION,
            "other-1",
            Instant.parse("2026-12-02T11:00:00Z"),
            Instant.parse("2026-12-02T11:01:00Z"),
            Optional.empty(),
            "ci",
            "PASSED",
            List.of("cloud-a", "cloud-b"),
            List.of(),
            List.of(
                new RunSummary.ScenarioSummary(
                    SCENARIO, "g.feature:3", "PASSED", 1, List.of(p99(900)))));

    Verdict verdict =
        p99Trend(500, List.of(run(1, "PASSED", p99(100)), elsewhere, otherFeature), 10);

    assertThat(verdict.held()).isFalse();
    assertThat(verdict.failure().orElseThrow())
        .contains("median of the last 1 passing run (100 ms");
  }

  @Test
  void should_read_this_run_as_a_summary_keeps_it_the_last_value_of_each_figure() {
    List<RunSummary> history = List.of(run(1, "PASSED", replaced("a", 10_000)));

    Verdict verdict =
        Trend.judge(
            Trend.Figure.TIME_TO_REPLACE,
            List.of(replaced("a", 50_000), replaced("a", 11_000)),
            SUBJECT,
            listing(history),
            10,
            TWENTY);

    assertThat(verdict.held()).isTrue();
  }

  @Test
  void should_hold_at_the_limit_exactly() {
    assertThat(p99Trend(132, List.of(run(1, "PASSED", p99(110))), 10).held()).isTrue();
  }

  @Test
  void should_refuse_a_count_of_runs_that_cannot_make_a_baseline() {
    assertThatThrownBy(() -> Trend.requireRuns(0))
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining("at least 1 earlier run");
  }

  @Test
  void should_average_the_middle_two_of_an_even_count() {
    assertThat(dev.shakedown.report.TrendWindow.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(dev.shakedown.report.TrendWindow.median(List.of(7.0))).isEqualTo(7.0);
  }

  @Test
  void should_judge_the_slowest_replacement_of_a_scenario() {
    List<RunSummary> history =
        List.of(run(1, "PASSED", replaced("a", 10_000), replaced("b", 20_000)));

    Verdict verdict =
        Trend.judge(
            Trend.Figure.TIME_TO_REPLACE,
            List.of(replaced("c", 5_000), replaced("d", 25_000)),
            SUBJECT,
            listing(history),
            10,
            TWENTY);

    assertThat(verdict.held()).isFalse();
    assertThat(verdict.failure().orElseThrow())
        .startsWith(
            "the time to replace an instance was 25,000 ms, 25.0% above the median of the last 1 passing run (20,000 ms");
  }

  @Test
  void should_start_the_trend_when_nothing_came_before_and_say_so() {
    Verdict verdict = p99Trend(500, List.of(run(1, "FAILED", p99(100))), 10);

    assertThat(verdict.held()).isTrue();
    assertThat(verdict.notes())
        .containsExactly(
            "no earlier passing run of this scenario (this feature file, these clouds) measured the"
                + " p99 latency in the 1 run(s) of the history: nothing to compare with, and this run"
                + " starts its trend");
  }

  @Test
  void should_be_an_error_not_a_pass_when_nothing_compares_and_some_of_the_history_is_unreadable() {
    HistoryStore.Listing listing =
        new HistoryStore.Listing(
            List.of(), List.of("h/20261130T000000Z-x.json: not a run summary"));

    assertThatThrownBy(
            () ->
                Trend.judge(
                    Trend.Figure.P99_LATENCY, List.of(p99(500)), SUBJECT, listing, 10, TWENTY))
        .isInstanceOf(ShakedownException.class)
        .hasMessage(
            "no earlier passing run of this scenario to compare the p99 latency with, and 1 file(s)"
                + " of the history could not be read (h/20261130T000000Z-x.json: not a run"
                + " summary); repair or remove them");
  }

  @Test
  void should_be_an_error_of_the_step_when_the_scenario_has_not_measured_it() {
    assertThatThrownBy(
            () ->
                Trend.judge(
                    Trend.Figure.P99_LATENCY, List.of(), SUBJECT, listing(List.of()), 10, TWENTY))
        .isInstanceOf(ShakedownException.class)
        .hasMessage(
            "this scenario has not measured the p99 latency yet: put the trend step after the step"
                + " that measures it");
  }
}
