package dev.shakedown.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.Workspace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network vocabulary against the real demo deployment, in-process. */
class NetworkIT {
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

  @Test
  void
      should_fail_the_latency_scenario_with_the_measured_figures_when_the_service_does_not_tolerate_a_slow_store() {
    Path feature =
        workspace.write(
            "features/slow.feature",
            """
            Feature: Slow store
              Scenario: The store link of one cloud slows down
                Given the deployment is serving
                When 800 ms of latency with 200 ms of jitter is added to "cloud-a/store"
                Then the deployment keeps serving for 5 seconds with at least 99% success
                And the p99 latency stays under 1500 ms
            """);

    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_STORE_ROUND_TRIPS", "3"),
            "run",
            feature.toString(),
            "--clouds",
            workspace.localConfig().toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "kept serving \\d+(\\.\\d+)?% \\(need 99%\\) in the 5 s after adding 800 ms of latency with 200 ms of jitter on cloud-a/store: \\d+ of \\d+ requests failed")
        .contains("timed out after 2 s from deployment");
  }

  @Test
  void should_name_the_closest_link_when_a_step_names_one_that_does_not_exist() {
    Path feature =
        workspace.write(
            "features/typo.feature",
            """
            Feature: Typo
              Scenario: A typo in the link
                When "cloud-a/stroe" is cut off
            """);

    CommandLineRun run =
        workspace.run(
            "run", feature.toString(), "--clouds", workspace.localConfig().toString(), "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            feature
                + ":2: no link named 'cloud-a/stroe'; did you mean 'cloud-a/store'? known links: cloud-a/store, cloud-b/store");
  }

  @Test
  void should_plan_a_timed_fault_in_a_dry_run_and_touch_nothing() {
    Path feature =
        workspace.write(
            "features/timed.feature",
            """
            Feature: Timed
              Scenario: A fault for a while
                When 500 ms of latency is added to "cloud-a/store" for 5 seconds
                Then after 6 seconds no fault is active on "cloud-a/store"
            """);

    CommandLineRun run =
        workspace.run(
            "run", feature.toString(), "--clouds", workspace.localConfig().toString(), "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains(
            "        -> would inject through Toxiproxy: 500 ms of latency on cloud-a/store\n"
                + "        -> after 5 s would revert: 500 ms of latency on cloud-a/store\n")
        .contains("dry run: 1 scenario would run; nothing was touched");
  }
}
