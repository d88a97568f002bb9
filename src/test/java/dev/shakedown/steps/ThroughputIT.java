package dev.shakedown.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The throughput vocabulary through 'shakedown run', in-process, against a real server on loopback.
 */
class ThroughputIT {
  @TempDir Path dir;
  Workspace workspace;

  @BeforeEach
  void setUp() {
    workspace = new Workspace(dir);
  }

  @ParameterizedTest(name = "1 in {0} failing: exit {1}")
  @CsvSource({"100, 1", "10000, 0"})
  void should_judge_the_success_floor_on_the_measured_rate(int failingEvery, int exitCode) {
    try (TestEndpoint endpoint = TestEndpoint.failingEvery(failingEvery)) {
      Path clouds =
          workspace.write(
              "clouds.yaml",
              """
              deployment:
                endpoint: %s
                load: { name: donation, method: POST, path: /donations, body: '{"amount": {random:1-100}}' }
              clouds:
                cloud-a: { provider: local }
              """
                  .formatted(endpoint.uri()));
      Path feature =
          workspace.write(
              "features/load.feature",
              """
              Feature: Load
                Scenario: A thousand donations
                  When donors send 200 donations per second for 5 seconds
                  Then at least 99.9% of the donations succeed
              """);

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", clouds.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(exitCode);
      if (exitCode == 1) {
        assertThat(run.out())
            .contains(
                "99% of the donations succeeded (need 99.9%): 10 of 1,000 failed; {HTTP 500=10}");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void should_hold_the_peak_sent_by_two_local_workers_and_report_their_merged_result()
      throws Exception {
    Path clouds =
        workspace.localConfig(
            "    warmUp: 5s", "    workers: 2\n    engine: local\n    warmUp: 5s");
    String feature = Path.of("features/throughput/throughput.feature").toAbsolutePath().toString();

    CommandLineRun run =
        workspace.run("run", feature, "--clouds", clouds.toString(), "--tags", "not @gameday");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("PASS  300 donations a second while an instance dies")
        .contains("PASS  One cloud alone takes the whole peak");
    StringBuilder evidence = new StringBuilder();
    try (var records = java.nio.file.Files.list(workspace.latestRun().resolve("evidence"))) {
      records.forEach(record -> evidence.append(workspace.read(record)));
    }
    // One merged result, and each worker's own figures beside it, in both scenarios.
    assertThat(evidence.toString())
        .contains("load: p99 from the planned send time")
        .contains("load: worker 1 of 2: achieved send rate")
        .contains("load: worker 2 of 2: send lag p99")
        .contains("2 load workers (local) started together at")
        .contains("load worker 1 of 2 (pid ")
        .contains("load worker 2 of 2 (pid ");
  }

  @ParameterizedTest(name = "load.name {0}: \"{1}\" exits {2}")
  @CsvSource({
    "'', requests, 0",
    "order, orders, 0",
    "order, requests, 0",
    "'', orders, 2",
    "donation, orders, 2"
  })
  void should_take_the_generic_noun_and_the_configured_one_and_refuse_others(
      String name, String noun, int exitCode) {
    try (TestEndpoint endpoint = TestEndpoint.failingEvery(10_000)) {
      Path clouds =
          workspace.write(
              "clouds.yaml",
              """
              deployment:
                endpoint: %s
                load: { %smethod: POST, path: /orders, body: '{}' }
              clouds:
                cloud-a: { provider: local }
              """
                  .formatted(endpoint.uri(), name.isEmpty() ? "" : "name: " + name + ", "));
      Path feature =
          workspace.write(
              "features/load.feature",
              """
              Feature: Load
                Scenario: Any service
                  When 100 %1$s per second are sent for 2 seconds
                  Then at least 99%% of the %1$s succeed
              """
                  .formatted(noun));

      CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", clouds.toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(exitCode);
      if (exitCode != 0) {
        assertThat(run.all())
            .contains(
                "the sentence calls the load's requests 'orders', but the config calls them '"
                    + (name.isEmpty() ? "requests'" : "donations' (load.name: donation)"));
      }
    }
  }
}
