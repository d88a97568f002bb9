package dev.shakedown.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.compliance.HeadlessChromium;
import dev.shakedown.testing.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three runs of the demo, the third with a chattier replica (SHAKEDOWN_DEMO_STORE_ROUND_TRIPS 4, so
 * every read of the totals asks a slowed store four times): the third fails its trend step with the
 * figures, {@code shakedown history} shows the change, the compliance report shows the trend in a
 * browser, and Allure's own trend counts the runs before.
 */
class TrendIT {
  private static final String SCENARIO = "Totals stay as fast as they were";

  @TempDir Path dir;
  private Workspace workspace;
  private int commits;

  @BeforeEach
  void workspace() {
    workspace = new Workspace(dir);
  }

  private CommandLineRun run(int roundTrips, Path clouds, Path feature, String... options) {
    List<String> arguments =
        new ArrayList<>(List.of("run", feature.toString(), "--clouds", clouds.toString()));
    arguments.addAll(List.of(options));
    // Each run from a commit of its own, as a pipeline's runs are.
    String commit = String.format("%040x", ++commits);
    return workspace.run(
        Map.of(
            "SHAKEDOWN_DEMO_STORE_ROUND_TRIPS", String.valueOf(roundTrips), "GITHUB_SHA", commit),
        arguments.toArray(String[]::new));
  }

  @Test
  void should_fail_the_run_whose_p99_left_the_trend_and_show_the_change_in_the_history()
      throws Exception {
    // The load reads the totals, which is what the round trips make slower.
    Path clouds =
        workspace.localConfig(
            "warmUp: 5s",
            "warmUp: 1s",
            "    name: donation          # the sentences say \"donations\" (and \"requests\" always works)\n",
            "",
            "    method: POST\n    path: /donations\n",
            "    method: GET\n    path: /totals\n",
            "    headers: { Content-Type: application/json, Idempotency-Key: \"{uuid}\" }   # lets the router retry a donation safely\n",
            "",
            "    body: '{\"amount\": {random:1-100}, \"ref\": \"{uuid}\"}'\n",
            "",
            "    acceptedId: json:/id\n    readBack: /donations/{id}\n",
            "",
            "services:\n",
            "history:\n  path: %s\n  commitUrl: https://git.example.org/donations/commit/{commit}\n\nservices:\n"
                .formatted(dir.resolve("kept-history")));
    Path feature =
        workspace.write(
            "features/trend.feature",
            """
            Feature: Trend
              Scenario: %s
                Given the deployment is serving
                When 100 ms of latency is added to "cloud-a/store"
                And 100 ms of latency is added to "cloud-b/store"
                And 20 requests per second are sent for 5 seconds
                Then at least 99%% of the requests succeed
                And the p99 latency is at most 100%% above the median of the last 5 runs
            """
                .formatted(SCENARIO));

    // A store 100 ms away asked once, then four times, per read: figures far apart against what
    // the machine adds (another test's JVM beside this one can stall a run for tens of ms), which
    // must not pass for a change of the deployment.
    CommandLineRun first = run(1, clouds, feature, "--allure");
    CommandLineRun second = run(1, clouds, feature, "--allure");
    CommandLineRun third = run(4, clouds, feature);

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(third.exitCode()).as(third.all()).isEqualTo(1);
    assertThat(third.all())
        .containsPattern(
            "the p99 latency was [\\d,.]+ ms, [\\d.]+% above the median of the last 2 passing"
                + " runs \\([\\d,.]+ ms; at most 100% above allowed\\)");

    CommandLineRun history =
        workspace.run("history", "--clouds", clouds.toString(), "--scenario", SCENARIO);
    assertThat(history.exitCode()).as(history.all()).isZero();
    assertThat(history.out()).containsPattern("outcome +PASSED +PASSED +FAILED");
    // The figures as the history shows them: the third run's p99 at least twice the others'.
    java.util.regex.Matcher p99 =
        java.util.regex.Pattern.compile(
                "load: p99 from the planned send time \\(ms\\) +([\\d,.]+) +([\\d,.]+) +([\\d,.]+)")
            .matcher(history.out());
    assertThat(p99.find()).as(history.out()).isTrue();
    double one = Double.parseDouble(p99.group(1).replace(",", ""));
    double two = Double.parseDouble(p99.group(2).replace(",", ""));
    double three = Double.parseDouble(p99.group(3).replace(",", ""));
    assertThat(one).isGreaterThanOrEqualTo(100);
    assertThat(two).isGreaterThanOrEqualTo(100);
    assertThat(three).isGreaterThan(2 * Math.max(one, two)).isGreaterThanOrEqualTo(400);
    // The history is where the config keeps it, not beside the run folders.
    assertThat(dir.resolve("kept-history")).isDirectoryContaining("glob:**.json");
    assertThat(workspace.reports().resolve("history")).doesNotExist();

    // Allure's own trend, carried on: the second run's report counts the first run in it.
    JsonNode trend =
        new ObjectMapper()
            .readTree(folder(second).resolve("allure-report/history/history-trend.json").toFile());
    assertThat(trend).as(trend.toString()).hasSize(2);
    assertThat(folder(third).resolve("allure-results/history/history-trend.json")).exists();

    // The third run's compliance report shows the trend, as a browser renders it: a point per run,
    // each linked to its commit, and the p99 of the third run above the others'.
    Path page = folder(third).resolve("compliance.html");
    HeadlessChromium.Rendered rendered =
        HeadlessChromium.render(page, dir.resolve("screenshots/trend.png"));
    assertThat(rendered.dom()).contains("id=\"trend\"").contains("Trend over the last 3 runs");
    java.util.regex.Matcher points =
        java.util.regex.Pattern.compile(
                "<div class=\"figure\" data-figure=\"load: p99 from the planned send time\">(.*?)</div>")
            .matcher(rendered.dom());
    assertThat(points.find()).as(rendered.dom()).isTrue();
    java.util.regex.Matcher values =
        java.util.regex.Pattern.compile("data-value=\"([\\d.E]+)\"").matcher(points.group(1));
    List<Double> p99s = new ArrayList<>();
    while (values.find()) {
      p99s.add(Double.parseDouble(values.group(1)));
    }
    assertThat(p99s).hasSize(3).doesNotHaveDuplicates();
    assertThat(p99s.get(2)).isGreaterThan(2 * Math.max(p99s.get(0), p99s.get(1)));
    for (int commit = 1; commit <= 3; commit++) {
      assertThat(points.group(1))
          .contains(
              "href=\"https://git.example.org/donations/commit/"
                  + String.format("%040x", commit)
                  + "\"");
    }
    assertThat(rendered.dom())
        .containsPattern(
            "data-verdict=\"PASSED\".*data-verdict=\"PASSED\".*data-verdict=\"FAILED\"");
    assertThat(rendered.colours()).as("a page, not a blank").isGreaterThan(20);
    // The report made again from the folder is the same, trend and all, with the history gone.
    org.assertj.core.util.Files.delete(dir.resolve("kept-history").toFile());
    CommandLineRun again = workspace.run("report", folder(third).toString());
    assertThat(again.exitCode()).as(again.all()).isZero();
  }

  /** The run folder a run names in its output. */
  private Path folder(CommandLineRun run) {
    java.util.regex.Matcher folder =
        java.util.regex.Pattern.compile("(\\d{8}T\\d{6}Z-[0-9a-z]+)").matcher(run.all());
    assertThat(folder.find()).as(run.all()).isTrue();
    return workspace.reports().resolve(folder.group(1));
  }
}
