package dev.shakedown.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo deployment, interrupted and killed: nothing of a run outlives it, a dead run's processes
 * never answer for the next run, and a halt stops a load at once.
 */
class LocalSafetyIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

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

  private Path longKill() {
    return workspace.write(
        "features/kill.feature",
        """
        Feature: Kill
          Scenario: One instance dies
            Given the deployment is serving
            When 1 instance in cloud "cloud-a" is killed
            Then the deployment keeps serving for 60 seconds with at least 0% success
        """);
  }

  private ShakedownProcess inBackground(Path feature, Path config, String logs) {
    return ShakedownProcess.start(
        PROJECT,
        dir.resolve(logs),
        "run",
        feature.toString(),
        "--clouds",
        config.toString(),
        "--reports",
        workspace.reports().toString());
  }

  /** Every process the run has started so far, by pid, with its start time. */
  private static void collect(ProcessHandle run, Map<Long, Optional<Instant>> seen) {
    run.descendants().forEach(p -> seen.putIfAbsent(p.pid(), p.info().startInstant()));
  }

  private static boolean stillRunning(long pid, Optional<Instant> started) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(p -> p.info().startInstant().equals(started))
        .orElse(false);
  }

  @Test
  void should_leave_no_process_of_the_run_when_interrupted_while_its_supervisor_replaces()
      throws Exception {
    Path config = workspace.localConfig("replaceAfter: 15s", "replaceAfter: 1s");
    ShakedownProcess run = inBackground(longKill(), config, "interrupted");
    Map<Long, Optional<Instant>> seen = new HashMap<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              collect(run.process().toHandle(), seen);
              return Files.exists(workspace.latestRun().resolve("instances/cloud-a-3.log"));
            });
    Thread.sleep(1500); // the replacement is under way, and a second one could be next

    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();
    while (run.process().isAlive()) {
      collect(run.process().toHandle(), seen);
      Thread.sleep(20);
    }

    assertThat(run.await(60)).as(run.out() + run.err()).isEqualTo(130);
    assertThat(seen).hasSizeGreaterThanOrEqualTo(8); // 3 services, 4 instances, a replacement
    assertThat(seen.entrySet().stream().filter(e -> stillRunning(e.getKey(), e.getValue())))
        .as("processes of the interrupted run still running")
        .isEmpty();
  }

  @Test
  void should_end_a_killed_runs_processes_before_the_next_run_and_refuse_a_port_another_holds()
      throws Exception {
    Path config = workspace.localConfig();
    ShakedownProcess killed = inBackground(longKill(), config, "killed");
    Map<Long, Optional<Instant>> seen = new HashMap<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              collect(killed.process().toHandle(), seen);
              return killedOne(workspace);
            });
    collect(killed.process().toHandle(), seen);
    killed.process().destroyForcibly(); // SIGKILL: its processes are orphans now
    killed.process().waitFor();
    assertThat(seen.entrySet().stream().filter(e -> stillRunning(e.getKey(), e.getValue())))
        .as("the killed run's orphans")
        .isNotEmpty();

    CommandLineRun next =
        workspace.run(
            "run",
            Path.of("features/smoke/serving.feature").toAbsolutePath().toString(),
            "--clouds",
            config.toString());

    assertThat(next.exitCode()).as(next.all()).isZero();
    assertThat(next.err())
        .containsPattern("sweep: swept: run \\S+: service router \\(pid \\d+\\): ended pid \\d+");
    assertThat(seen.entrySet().stream().filter(e -> stillRunning(e.getKey(), e.getValue())))
        .as("the killed run's processes, once the next run has swept")
        .isEmpty();
    assertThat(workspace.read(workspace.latestRun().resolve("services/router.log")))
        .doesNotContain("BindException");

    int router = workspace.port(18080);
    try (ServerSocket unrelated = new ServerSocket(router, 50, InetAddress.getLoopbackAddress())) {
      CommandLineRun refused =
          workspace.run(
              "run",
              Path.of("features/smoke/serving.feature").toAbsolutePath().toString(),
              "--clouds",
              config.toString());

      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
      assertThat(refused.err())
          .contains(
              "service 'router' cannot start: port "
                  + router
                  + " of its ready URL http://127.0.0.1:"
                  + router
                  + "/_router/health is already in use by pid "
                  + ProcessHandle.current().pid());
    }
  }

  /** The run's ledger records a kill: the scenario is under way. */
  private static boolean killedOne(Workspace workspace) throws java.io.IOException {
    Path ledgers = workspace.reports().resolve(".ledger");
    if (!Files.isDirectory(ledgers)) {
      return false;
    }
    try (var files = Files.list(ledgers)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        if (Files.readString(file).contains("\"instances-killed\"")) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void should_stop_a_load_at_once_when_the_run_halts() throws Exception {
    Path feature =
        workspace.write(
            "features/halt.feature",
            """
            Feature: Halt
              Scenario: Both stores cut under load
                Given the deployment is serving
                When "cloud-a/store" is cut off
                And "cloud-b/store" is cut off
                And donors send 50 donations per second for 60 seconds
                Then at least 99% of the donations succeed
            """);
    Path config = workspace.localConfig("haltAfter: 10s", "haltAfter: 2s");

    CommandLineRun run = workspace.run("run", feature.toString(), "--clouds", config.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  Both stores cut under load")
        .containsPattern(
            "halted: the deployment's success rate was \\d+(\\.\\d+)?% \\(\\d+ of \\d+ probes\\) over 2 s");
    JsonNode evidence;
    try (var files = Files.list(workspace.latestRun().resolve("evidence"))) {
      evidence = new ObjectMapper().readTree(files.findFirst().orElseThrow().toFile());
    }
    Instant cut = null;
    for (JsonNode event : evidence.get("events")) {
      if (event.get("what").asText().equals("applied: cloud-b/store cut off")) {
        cut = Instant.parse(event.get("at").asText());
      }
    }
    assertThat(cut).as("when both stores were cut").isNotNull();
    Instant finished = Instant.parse(evidence.get("finished").asText());
    assertThat(Duration.between(cut, finished))
        .as("from the second cut to the end of the halted scenario (haltAfter 2 s)")
        .isLessThan(Duration.ofSeconds(2 + 2));
  }
}
