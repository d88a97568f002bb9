package dev.shakedown.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover vocabulary against the real demo deployment, in-process, from a copy of local.yaml.
 */
class FailoverIT {
  private static final Path LOCAL = Path.of("config/clouds/local.yaml");

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

  private Path localConfig(String... replacements) {
    return workspace.localConfig(replacements);
  }

  @Test
  void should_fail_losing_a_whole_cloud_with_the_measured_rate_when_the_router_does_not_fail_over()
      throws IOException {
    Path feature =
        workspace.write(
            "features/cloud.feature",
            """
            Feature: Cloud
              Scenario: Losing a whole cloud
                Given the deployment is serving
                When every instance in cloud "cloud-a" is killed
                Then the deployment keeps serving for 5 seconds with at least 99% success
            """);

    CommandLineRun run =
        workspace.run(
            Map.of("SHAKEDOWN_DEMO_FAILOVER", "off"),
            "run",
            feature.toString(),
            "--clouds",
            localConfig().toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  Losing a whole cloud")
        .containsPattern(
            "kept serving \\d+(\\.\\d+)?% \\(need 99%\\) in the 5 s after killing cloud-a/cloud-a-1, cloud-a/cloud-a-2: \\d+ of \\d+ requests failed")
        .containsPattern(
            "\\d+ × HTTP 502 from deployment, first at \\+0\\.\\d s, last at \\+[45]\\.\\d s");
  }

  @Test
  void should_refuse_a_kill_beyond_the_blast_radius_and_touch_nothing() throws IOException {
    Path feature =
        workspace.write(
            "features/radius.feature",
            """
            Feature: Radius
              Scenario: Too much
                Given the deployment is serving
                When every instance in cloud "cloud-a" is killed
            """);
    Path config =
        localConfig(
            "maxInstancesDown: 2\n      haltBelow: 50%",
            "maxInstancesDown: 1\n      haltBelow: 50%",
            "replaceAfter: 15s",
            "replaceAfter: 100ms");

    CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", config.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.out())
        .contains("ERROR Too much")
        .contains(
            "refused: this would take 2 instances of cloud 'cloud-a' down at once, over its blast radius safety.maxInstancesDown = 1 ("
                + config
                + ":")
        .contains("Nothing was touched.");
    // A kill would have been replaced within 100 ms: no third instance was ever started.
    try (var logs = Files.list(workspace.latestRun().resolve("instances"))) {
      assertThat(logs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "cloud-a-1.log", "cloud-a-2.log", "cloud-b-1.log", "cloud-b-2.log");
    }
  }

  @Test
  void should_halt_revert_and_skip_the_rest_when_the_deployment_collapses() throws IOException {
    Path feature =
        workspace.write(
            "features/collapse.feature",
            """
            Feature: Collapse
              Scenario: Everything dies
                Given the deployment is serving
                When 100% of the instances in every cloud are killed
                Then the deployment keeps serving for 60 seconds with at least 99% success

              Scenario: Never reached
                Given the deployment is serving
            """);
    Path config =
        localConfig("haltAfter: 10s", "haltAfter: 2s", "replaceAfter: 15s", "replaceAfter: 5m");

    CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", config.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "FAIL  Everything dies .*\\n\\s+halted: the deployment's success rate was \\d+(\\.\\d+)?% \\(\\d+ of \\d+ probes\\) over 2 s, under the halt floor 50%")
        .containsPattern("SKIP  Never reached");
    JsonNode evidence =
        new ObjectMapper()
            .readTree(workspace.latestRun().resolve("evidence/001-everything-dies.json").toFile());
    Instant killed = Instant.parse(evidence.at("/events/0/at").asText());
    Instant finished = Instant.parse(evidence.at("/finished").asText());
    assertThat(Duration.between(killed, finished))
        .as("from the kill to the end of the halted scenario")
        .isLessThan(Duration.ofSeconds(2 + 2));
  }

  @Test
  void should_show_in_a_dry_run_which_instances_each_step_would_hit_and_touch_nothing()
      throws IOException {
    Path feature =
        workspace.write(
            "features/plan.feature",
            """
            Feature: Plan
              Scenario: Half of everything
                Given the deployment is serving
                When 50% of the instances in every cloud are killed
                Then the deployment keeps serving for 30 seconds with at least 99% success
            """);

    CommandLineRun run =
        workspace.run("run", feature.toString(), "--clouds", localConfig().toString(), "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains(
            "    When 50% of the instances in every cloud are killed\n        -> would kill cloud-a/cloud-a-1 (zone a-1)\n        -> would kill cloud-b/cloud-b-1 (zone b-1)")
        .contains("-> would probe http://127.0.0.1:" + workspace.port(18080) + "/totals");
    assertThat(workspace.runFolders()).isEmpty();
  }

  @Test
  void should_refuse_in_a_dry_run_what_the_blast_radius_would_refuse() throws IOException {
    Path feature =
        workspace.write(
            "features/plan.feature",
            """
            Feature: Plan
              Scenario: Too much
                When every instance in cloud "cloud-b" is killed
            """);
    Path config = localConfig("  cloud-b:", "  cloud-b:");
    String yaml = Files.readString(config);
    int cloudB = yaml.indexOf("  cloud-b:");
    Files.writeString(
        config,
        yaml.substring(0, cloudB)
            + yaml.substring(cloudB).replace("maxInstancesDown: 2", "maxInstancesDown: 1"));

    CommandLineRun run =
        workspace.run("run", feature.toString(), "--clouds", config.toString(), "--dry-run");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            feature + ":2: refused: this would take 2 instances of cloud 'cloud-b' down at once");
  }
}
