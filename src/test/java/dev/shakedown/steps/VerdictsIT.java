package dev.shakedown.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The false passes a gate must never give, each reproduced as it was seen and now failing with what
 * was measured; their passing twins are the project's features (ProjectFeaturesIT).
 */
class VerdictsIT {
  @TempDir Path dir;
  Workspace workspace;

  @BeforeEach
  void setUp() {
    workspace = new Workspace(dir);
  }

  @AfterEach
  void no_demo_process_is_left_running() {
    assertThat(Workspace.processesLeft()).as("processes left running after the run").isEmpty();
  }

  /** local.yaml with a short warm-up: these runs judge verdicts, not a cold start. */
  private Path demo(String... replacements) {
    String[] all = new String[replacements.length + 2];
    all[0] = "warmUp: 5s";
    all[1] = "warmUp: 1s";
    System.arraycopy(replacements, 0, all, 2, replacements.length);
    return workspace.localConfig(all);
  }

  @Test
  void should_measure_data_lost_from_the_restored_backups_point_in_time() {
    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_BACKUP_STALE_HOURS", "30"),
            "run",
            Path.of("features/backup/backups.feature").toAbsolutePath() + ":20",
            "--clouds",
            demo().toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  Losing the primary store loses at most 5 minutes of donations")
        .containsPattern(
            "30 h(?: \\d+ min)? of accepted donations are lost \\(need at most 5 min\\): [\\d,]+ of [\\d,]+ accepted donations are missing")
        .contains("counted from the restored backup's point in time, 30 h");
  }

  @Test
  void should_fail_a_run_that_halted_and_count_what_it_skipped_as_not_run() {
    Path feature =
        workspace.write(
            "features/halt.feature",
            """
            Feature: Halt
              Scenario: A collapse no step looks for
                Given the deployment is serving
                When every instance in cloud "cloud-a" is killed
                And 1 instance in cloud "cloud-b" is killed
                And donors send 20 donations per second for 12 seconds
                Then the p99 latency is under 2000 ms

              Scenario: Never reached
                Given the deployment is serving
            """);

    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_FAILOVER", "off"),
            "run",
            feature.toString(),
            "--clouds",
            demo("haltAfter: 10s", "haltAfter: 2s").toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "FAIL  A collapse no step looks for .*\\n\\s+halted: the deployment's success rate was")
        .containsPattern("SKIP  Never reached .*\\n\\s+skipped: the run halted")
        .contains("2 scenarios: 0 passed, 1 failed, 0 errors, 1 skipped")
        .contains("exit 1: a check did not hold")
        .doesNotContain("harness error");
    assertThat(workspace.read(workspace.latestRun().resolve("junit.xml")))
        .containsPattern("failures=\"1\"")
        .containsPattern("skipped=\"1\"");
  }

  @Test
  void should_judge_latency_on_successes_and_fail_on_failures_when_most_failed() {
    Path feature =
        workspace.write(
            "features/p99.feature",
            """
            Feature: p99
              Scenario: Fast failures
                Given the deployment is serving
                When every instance in cloud "cloud-a" is killed
                And every instance in cloud "cloud-b" is killed
                And donors send 20 donations per second for 8 seconds
                Then the p99 latency is under 2000 ms
            """);

    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_FAILOVER", "off"),
            "run",
            feature.toString(),
            "--clouds",
            demo("haltBelow: 50%", "haltBelow: 0%").toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "most requests of the load failed \\([\\d,]+ of [\\d,]+\\), so their latency is no verdict: \\{HTTP 502=");
  }

  @Test
  void should_fail_a_check_that_ended_before_the_kill_it_was_meant_to_see() {
    Path feature =
        workspace.write(
            "features/scheduled.feature",
            """
            Feature: Scheduled
              Scenario: A check that ends first
                Given the deployment is serving
                When donors send 50 donations per second for 30 seconds
                And 1 instance in cloud "cloud-b" is killed after 15 seconds
                Then the deployment keeps serving for 10 seconds with at least 99% success

              Scenario: A kill after the load
                When donors send 50 donations per second for 5 seconds
                And 1 instance in cloud "cloud-b" is killed after 10 seconds
                Then at least 99.9% of the donations succeed
            """);

    CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", demo().toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "FAIL  A check that ends first .*\\n\\s+the kill of 1 instance\\(s\\) of cloud-b scheduled at \\+15\\.0 s had not happened when the check that the deployment keeps serving ended at \\+10\\.0 s")
        .containsPattern(
            "FAIL  A kill after the load .*\\n\\s+the kill of 1 instance\\(s\\) of cloud-b scheduled at \\+10\\.0 s had not happened when the load ended at \\+5\\.\\d s");
  }

  @Test
  void should_count_probes_still_in_flight_and_refuse_a_p99_of_a_handful() {
    Path feature =
        workspace.write(
            "features/slow.feature",
            """
            Feature: Slow store
              Scenario: A p99 right after the fault
                Given the deployment is serving
                When 800 ms of latency with 200 ms of jitter is added to "cloud-a/store"
                Then the p99 latency stays under 200 ms

              Scenario: A second with slow probes
                Given the deployment is serving
                When 800 ms of latency with 200 ms of jitter is added to "cloud-a/store"
                Then the deployment keeps serving for 1 second with at least 99% success
            """);

    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_STORE_ROUND_TRIPS", "3"),
            "run",
            feature.toString(),
            "--clouds",
            // The first scenario leaves cloud-a's replicas busy a moment: the steady state the
            // second needs is not what this test is about.
            demo("    sample: 2s", "    sample: 2s\n    steadyState: 50%").toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.out())
        .as(run.all())
        .containsPattern(
            "FAIL  A second with slow probes .*\\n\\s+kept serving \\d+(\\.\\d+)?% \\(need 99%\\) in the 1 s after adding 800 ms of latency with 200 ms of jitter on cloud-a/store: \\d+ of (19|20|21) requests failed \\(the schedule planned 20\\)")
        .containsPattern(
            "\\d+ × (timed out after 2 s|no answer within 2 s \\(timed out\\)) from deployment")
        .containsPattern(
            "ERROR A p99 right after the fault .*\\n\\s+the p99 latency since adding 800 ms of latency with 200 ms of jitter on cloud-a/store cannot be judged on \\d+ requests?: a 99th percentile needs at least 100");
  }

  @Test
  void should_count_failures_as_not_served_by_a_cloud_and_a_cut_store_as_not_serving() {
    Path feature =
        workspace.write(
            "features/cloud-b.feature",
            """
            Feature: Cloud b
              Scenario: One cloud's store becomes unreachable
                Given the deployment is serving
                When "cloud-a/store" is cut off
                Then the deployment keeps serving for 5 seconds with at least 99% success

              Scenario: The harness's own labels are not the owner's
                Then every instance carries the labels "pid" and "index"

              # Last: with failover off, the router keeps sending to the dead replicas.
              Scenario: Half the requests fail
                Given the deployment is serving
                When every instance in cloud "cloud-a" is killed
                Then the deployment keeps serving for 5 seconds with at least 40% success
                And all requests are served by cloud "cloud-b"
            """);

    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_FAILOVER", "off"),
            "run",
            feature.toString(),
            "--clouds",
            demo("replaceAfter: 15s", "replaceAfter: 1s").toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "FAIL  Half the requests fail .*\\n\\s+not every request since killing cloud-a/cloud-a-1, cloud-a/cloud-a-2 was served by cloud 'cloud-b': of \\d+ requests \\(\\d+ planned\\), \\d+ were, .*\\d+ failed \\(served by no cloud\\)")
        .containsPattern(
            "FAIL  One cloud's store becomes unreachable .*\\n\\s+kept serving \\d+(\\.\\d+)?% \\(need 99%\\)")
        .contains("HTTP 200, but /complete is false from deployment")
        .containsPattern(
            "FAIL  The harness's own labels are not the owner's .*\\n\\s+4 of 4 instances lack a label: cloud-a/cloud-a-1 lacks pid, index");
  }

  @Test
  void should_fail_a_check_of_every_instance_when_there_is_none() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path config =
          workspace.write(
              "endpoints.yaml",
              """
              clouds:
                cloud-a: { provider: local, endpoint: %s }
                cloud-b: { provider: local, endpoint: %s }
              """
                  .formatted(endpoint.uri(), endpoint.uri()));
      Path feature =
          workspace.write(
              "features/labels.feature",
              """
              Feature: Labels
                @control:SOC2-CC7.2
                Scenario: Every instance is labelled with its owner
                  Then every instance carries the labels "owner" and "service"
              """);

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", config.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.out())
          .contains(
              "no instance to check the labels [owner, service] on: the clouds cloud-a, cloud-b list no instance");
      assertThat(workspace.read(workspace.latestRun().resolve("compliance.json")))
          .containsPattern("\"id\"\\s*:\\s*\"SOC2-CC7.2\"[^}]*\"verdict\"\\s*:\\s*\"FAILED\"");
    }
  }

  @Test
  void should_refuse_in_a_dry_run_what_the_real_run_would_refuse_after_acting() {
    Path feature =
        workspace.write(
            "features/plan.feature",
            """
            Feature: Plan
              Scenario: One, then two more
                When 1 instance in cloud "cloud-a" is killed
                And 2 instances in cloud "cloud-a" are killed

              Scenario: A check without its monitor
                When 1 instance in cloud "cloud-b" is killed
                Then the deployment keeps serving for 5 seconds with at least 99% success
            """);

    CommandLineRun run =
        workspace.run("run", feature.toString(), "--clouds", demo().toString(), "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .contains(feature + ":2: cloud 'cloud-a' has 1 running instances; cannot take down 2")
        .contains(
            feature
                + ":6: 'the deployment keeps serving' reads the background monitor, which 'Given the deployment is serving' starts");
    assertThat(run.out()).containsOnlyOnce("would kill cloud-a/cloud-a-1");
    assertThat(workspace.runFolders()).isEmpty();
  }

  @Test
  void should_refuse_a_misspelt_control_tag_and_an_outline_without_examples() {
    try (TestEndpoint endpoint = TestEndpoint.answering(200)) {
      Path config = workspace.endpointConfig(endpoint.uri().toString());
      Path feature =
          workspace.write(
              "features/typos.feature",
              """
              Feature: Typos
                @contol:SOC2-CC7.2
                Scenario: Monitoring
                  Given the deployment is serving

                Scenario Outline: Nothing to run
                  Given the deployment is serving

                  Examples:
                    | share |
              """);

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", config.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
      assertThat(run.err())
          .contains(
              ":3: tag @contol:SOC2-CC7.2 looks like a control tag; write @control:SOC2-CC7.2, or the control is never tested")
          .contains(
              ":6: Scenario Outline 'Nothing to run' has no example rows, so Cucumber makes no scenario of it and it would never run");
      assertThat(workspace.runFolders()).isEmpty();
    }
  }
}
