package dev.shakedown.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trend section: which runs it shows, and where it says the gate slowed down. */
class TrendHtmlTest {
  private static RunSummary run(String id, List<String> clouds, long featureMillis, double p99) {
    Instant started = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(id.hashCode() & 0xffff);
    return new RunSummary(
        RunSummary.SCHEMA_VERSION,
        id,
        started,
        started.plusMillis(featureMillis + 1_000),
        Optional.of("c0ffee" + id),
        "jane",
        "PASSED",
        clouds,
        List.of(new RunSummary.FeatureTime("features/a.feature", featureMillis)),
        List.of(
            new RunSummary.ScenarioSummary(
                "Losing an instance",
                "features/a.feature:3",
                p99 > 1000 ? "FAILED" : "PASSED",
                featureMillis,
                List.of(new RunSummary.Figure("load: p99", p99, "ms")))));
  }

  @Test
  void the_window_holds_the_last_runs_against_the_same_clouds_without_this_one() {
    List<RunSummary> history =
        List.of(
            run("r1", List.of("a", "b"), 1000, 1),
            run("r2", List.of("b", "a"), 1000, 1),
            run("other", List.of("a"), 1000, 1),
            run("r3", List.of("a", "b"), 1000, 1),
            run("now", List.of("a", "b"), 1000, 1));

    TrendWindow window = TrendWindow.of(history, "now", List.of("a", "b"), 3, 50, Optional.empty());

    assertThat(window.earlier()).extracting(RunSummary::runId).containsExactly("r2", "r3");
  }

  @Test
  void the_first_run_past_the_threshold_over_the_median_before_it_is_marked() {
    assertThat(TrendHtml.firstPast(Arrays.asList(4.0, 4.2, 3.9, 5.9, 9.0), 50)).hasValue(4);
    assertThat(TrendHtml.firstPast(Arrays.asList(4.0, null, 6.1, 4.0), 50)).hasValue(2);
    assertThat(TrendHtml.firstPast(Arrays.asList(4.0, 6.0, 5.0), 50)).isEmpty();
    assertThat(TrendHtml.firstPast(List.of(100.0), 50)).isEmpty();
  }

  @Test
  void each_point_is_a_run_linked_to_its_commit_with_its_value() {
    TrendWindow window =
        new TrendWindow(
            20,
            50,
            Optional.of("https://git.example.org/c/{commit}"),
            List.of(run("r1", List.of("a"), 4_000, 180), run("r2", List.of("a"), 4_100, 190)));

    String html = TrendHtml.render(window, run("r3", List.of("a"), 9_000, 2_400));

    assertThat(html)
        .contains("Trend over the last 3 runs")
        .contains("href=\"https://git.example.org/c/c0ffeer1\"")
        .contains("data-run=\"r3\" data-value=\"2400.0\"")
        .containsPattern("class=\"point past\" data-run=\"r3\" data-value=\"9\\.0\"")
        .contains("from r3")
        .containsPattern(
            "data-verdict=\"PASSED\".*data-verdict=\"PASSED\".*data-verdict=\"FAILED\"");
  }

  @Test
  void without_a_commit_page_a_point_links_to_its_runs_report() {
    TrendWindow window =
        new TrendWindow(20, 50, Optional.empty(), List.of(run("r1", List.of("a"), 4_000, 180)));

    assertThat(TrendHtml.render(window, run("r2", List.of("a"), 4_000, 180)))
        .contains("href=\"../r1/compliance.html\"")
        .contains("href=\"#verdict\"");
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
