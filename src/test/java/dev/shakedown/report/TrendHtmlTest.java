package dev.shakedown.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trend section: which runs it shows, where it says the gate slowed down, what it links. */
class TrendHtmlTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static RunSummary run(int n, List<String> clouds, long featureMillis, double p99) {
    return run(n, clouds, featureMillis, p99, "c0ffee" + n, "Losing an instance");
  }

  private static RunSummary run(
      int n, List<String> clouds, long featureMillis, double p99, String commit, String name) {
    Instant started = T0.plusSeconds(600L * n);
    return new RunSummary(
        RunSummary.SCHEMA_VERSION,
        "r" + n,
        started,
        started.plusMillis(featureMillis + 1_000),
        Optional.of(commit),
        "jane",
        "PASSED",
        clouds,
        List.of(new RunSummary.FeatureTime("features/a.feature", featureMillis)),
        List.of(
            new RunSummary.ScenarioSummary(
                name,
                "features/a.feature:3",
                p99 > 1000 ? "FAILED" : "PASSED",
                featureMillis,
                List.of(new RunSummary.Figure("load: p99", p99, "ms")))));
  }

  private static TrendWindow window(Optional<String> commitUrl, RunSummary... earlier) {
    return new TrendWindow(20, 50, commitUrl, List.of(earlier), 0, Optional.empty());
  }

  @Test
  void the_window_holds_the_last_runs_against_the_same_clouds_started_before_this_one() {
    List<RunSummary> history =
        List.of(
            run(1, List.of("a", "b"), 1000, 1),
            run(2, List.of("b", "a"), 1000, 1),
            run(3, List.of("a"), 1000, 1),
            run(4, List.of("a", "b"), 1000, 1),
            run(6, List.of("a", "b"), 1000, 1)); // another CI job, started after this one

    TrendWindow window =
        TrendWindow.of(
            history, 0, "r5", T0.plusSeconds(3000), List.of("a", "b"), 3, 50, Optional.empty());

    assertThat(window.earlier()).extracting(RunSummary::runId).containsExactly("r2", "r4");
  }

  @Test
  void the_slowdown_marked_is_where_the_newest_runs_stayed_slow_against_three_runs_or_more() {
    // The gate slowed down at the fourth run and stayed slow.
    assertThat(TrendHtml.slowedFrom(Arrays.asList(4.0, 4.2, 3.9, 6.5, 9.0), 50)).hasValue(3);
    // A slow run it recovered from is no slowdown, and the newest run here is not slow.
    assertThat(TrendHtml.slowedFrom(Arrays.asList(4.0, 4.1, 3.9, 9.0, 4.0), 50)).isEmpty();
    assertThat(TrendHtml.slowedFrom(Arrays.asList(4.0, 6.1, 4.0, 4.0, 9.0), 50)).hasValue(4);
    // Fewer than three runs before it are no baseline.
    assertThat(TrendHtml.slowedFrom(Arrays.asList(4.0, 4.0, 9.0), 50)).isEmpty();
    assertThat(TrendHtml.slowedFrom(Arrays.asList(4.0, null, 4.0, 4.0, 9.0), 50)).hasValue(4);
    assertThat(TrendHtml.slowedFrom(List.of(100.0), 50)).isEmpty();
  }

  @Test
  void each_point_is_a_run_linked_to_its_commit_with_its_value() {
    TrendWindow window =
        window(
            Optional.of("https://git.example.org/c/{commit}"),
            run(1, List.of("a"), 4_000, 180),
            run(2, List.of("a"), 4_100, 190),
            run(3, List.of("a"), 3_900, 170));

    String html = TrendHtml.render(window, run(4, List.of("a"), 9_000, 2_400));

    assertThat(html)
        .contains("Trend over the last 4 runs")
        .contains("href=\"https://git.example.org/c/c0ffee1\"")
        .contains("href=\"https://git.example.org/c/c0ffee4\"")
        .contains("data-run=\"r4\" data-value=\"2400.0\"")
        .containsPattern(
            "data-feature=\"features/a.feature\">.*?class=\"point past\" data-run=\"r4\" data-value=\"9\\.0\".*?from r4")
        .containsPattern(
            "data-verdict=\"PASSED\".*data-verdict=\"PASSED\".*data-verdict=\"PASSED\".*data-verdict=\"FAILED\"");
  }

  @Test
  void a_commit_that_is_no_commit_id_is_never_put_into_a_link_and_names_are_escaped() {
    TrendWindow window =
        window(
            Optional.of("https://git.example.org/c/{commit}"),
            run(1, List.of("a"), 4_000, 180, "javascript:alert(1)", "<script>x</script>"));

    String html =
        TrendHtml.render(window, run(2, List.of("a"), 4_000, 180, "abc1234", "<script>x</script>"));

    assertThat(html)
        .doesNotContain("href=\"javascript")
        .doesNotContain("<script>")
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .contains("href=\"../r1/compliance.html\"")
        .contains("href=\"https://git.example.org/c/abc1234\"");
    assertThat(TrendWindow.commitUrl("javascript:alert('{commit}')", name -> null)).isEmpty();
  }

  @Test
  void without_a_commit_page_a_point_links_to_its_runs_report() {
    assertThat(
            TrendHtml.render(
                window(Optional.empty(), run(1, List.of("a"), 4_000, 180)),
                run(2, List.of("a"), 4_000, 180)))
        .contains("href=\"../r1/compliance.html\"")
        .contains("href=\"#verdict\"");
  }

  @Test
  void an_outlines_rows_show_the_worst_of_their_outcomes() {
    RunSummary outline =
        new RunSummary(
            1,
            "r2",
            T0,
            T0.plusSeconds(9),
            Optional.empty(),
            "",
            "FAILED",
            List.of("a"),
            List.of(),
            List.of(
                new RunSummary.ScenarioSummary(
                    "Rate <n>", "features/a.feature:9", "PASSED", 1, null),
                new RunSummary.ScenarioSummary(
                    "Rate <n>", "features/a.feature:10", "FAILED", 1, null)));

    assertThat(TrendHtml.render(window(Optional.empty()), outline))
        .contains("data-verdict=\"FAILED\"")
        .doesNotContain("data-verdict=\"PASSED\"");
  }

  @Test
  void a_history_that_could_not_be_read_is_said_instead_of_a_trend() {
    assertThat(
            TrendHtml.render(
                TrendWindow.unavailable(20, 50, "the history did not answer within 20 s"),
                run(1, List.of("a"), 1, 1)))
        .contains("id=\"trend-unavailable\"")
        .contains("No trend: the history did not answer within 20 s");
  }

  @Test
  void a_figure_that_is_no_number_or_a_run_id_that_is_no_name_is_no_summary() {
    assertThatThrownBy(() -> new RunSummary.Figure("p99", Double.NaN, "ms"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RunSummary.FeatureTime(null, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RunSummary(1, "../x", T0, T0, Optional.empty(), "", "PASSED", null, null, null))
        .hasMessageContaining("not a run id");
  }

  @Test
  void the_commit_page_is_the_configs_else_the_cis() {
    assertThat(TrendWindow.commitUrl("https://x/{commit}", name -> null))
        .hasValue("https://x/{commit}");
    assertThat(
            TrendWindow.commitUrl(
                null,
                name ->
                    switch (name) {
                      case "GITHUB_SERVER_URL" -> "https://github.com";
                      case "GITHUB_REPOSITORY" -> "acme/donations";
                      default -> null;
                    }))
        .hasValue("https://github.com/acme/donations/commit/{commit}");
    assertThat(
            TrendWindow.commitUrl(
                null, name -> name.equals("CI_PROJECT_URL") ? "https://gl/acme/d" : null))
        .hasValue("https://gl/acme/d/-/commit/{commit}");
    assertThat(TrendWindow.commitUrl(null, name -> null)).isEmpty();
  }
}
