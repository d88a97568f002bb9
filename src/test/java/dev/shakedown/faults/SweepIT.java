package dev.shakedown.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.proxy.FaultProxy;
import dev.shakedown.testing.FlakyApi;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.TestEndpoint;
import dev.shakedown.testing.Workspace;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies with a fault in place, on a Toxiproxy that outlives it (here: the embedded fault
 * proxy, started in the test JVM and named as the cloud's toxiproxy.url).
 */
class SweepIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;
  FaultProxy toxiproxy;
  TestEndpoint endpoint;
  ToxiproxyClient client;

  @BeforeEach
  void setUp() throws IOException {
    toxiproxy = FaultProxy.start("127.0.0.1", 0);
    client = new ToxiproxyClient(toxiproxy.url().getHost(), toxiproxy.url().getPort());
    endpoint = TestEndpoint.answering(200);
    int listen;
    try (ServerSocket socket = new ServerSocket(0)) {
      listen = socket.getLocalPort();
    }
    Files.writeString(
        dir.resolve("clouds.yaml"),
        """
        clouds:
          cloud-a:
            provider: local
            endpoint: %s
            probe: { sample: 300ms, interval: 100ms }
            toxiproxy: { url: %s }
            proxies:
              link: { listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d" }
        """
            .formatted(endpoint.uri(), toxiproxy.url(), listen, endpoint.uri().getPort()));
    Files.writeString(
        dir.resolve("slow.feature"),
        """
        Feature: Slow
          Scenario: A long fault
            Given the deployment is serving
            When 500 ms of latency is added to "cloud-a/link"
            Then the deployment keeps serving for 60 seconds with at least 0% success
        """);
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
    toxiproxy.close();
  }

  private Path config(java.net.URI toxiproxyUrl) throws IOException {
    int listen;
    try (ServerSocket socket = new ServerSocket(0)) {
      listen = socket.getLocalPort();
    }
    return Files.writeString(
        dir.resolve("flaky.yaml"),
        """
        clouds:
          cloud-a:
            provider: local
            endpoint: %s
            probe: { sample: 300ms, interval: 100ms }
            toxiproxy: { url: %s }
            proxies:
              link: { listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d" }
        """
            .formatted(endpoint.uri(), toxiproxyUrl, listen, endpoint.uri().getPort()));
  }

  private CommandLineRun inProcess(String... args) {
    return new Workspace(dir).run(args);
  }

  @Test
  void should_keep_a_fault_whose_removal_failed_open_and_error_then_sweep_it_once_the_api_is_back()
      throws Exception {
    try (FlakyApi api = new FlakyApi(toxiproxy.url())) {
      Path feature =
          Files.writeString(
              dir.resolve("short.feature"),
              """
              Feature: Short
                Scenario: A fault that will not go
                  Given the deployment is serving
                  When 500 ms of latency is added to "cloud-a/link"
                  Then the deployment keeps serving for 1 second with at least 0% success
              """);
      api.failDeletes(true);

      CommandLineRun run =
          inProcess(
              "run",
              feature.toString(),
              "--clouds",
              config(api.uri()).toString(),
              "--reports",
              dir.resolve("reports").toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
      assertThat(run.out())
          .contains("ERROR A fault that will not go")
          .contains(
              "still applied after the scenario, as it could not be reverted: 500 ms of latency on cloud-a/link")
          .contains("exit 2: something the run applied is still applied");
      assertThat(run.err())
          .contains(
              "still applied, as it could not be reverted:\n  500 ms of latency on cloud-a/link")
          .contains("run: shakedown sweep --reports " + dir.resolve("reports"));
      assertThat(toxics()).isEqualTo(1);
      String evidence;
      try (var files = Files.list(dir.resolve("reports/latest/evidence"))) {
        evidence = Files.readString(files.findFirst().orElseThrow());
      }
      assertThat(evidence)
          .contains("revert failed: 500 ms of latency on cloud-a/link")
          .doesNotContain("reverted:");

      api.failDeletes(false);
      CommandLineRun sweep = inProcess("sweep", "--reports", dir.resolve("reports").toString());

      assertThat(sweep.exitCode()).as(sweep.all()).isZero();
      assertThat(sweep.out())
          .containsPattern(
              "swept: run \\S+: 500 ms of latency on cloud-a/link: removed toxic shakedown-\\S+-latency-1, and it is gone");
      assertThat(toxics()).isZero();
    }
  }

  @Test
  void should_leave_the_faults_of_a_live_run_sharing_the_reports_folder_alone() throws Exception {
    ShakedownProcess first = startRun("first");
    awaitToxic(first);
    Path smoke =
        Files.writeString(
            dir.resolve("smoke.feature"),
            """
            Feature: Smoke
              Scenario: Serving
                Given the deployment is serving
            """);

    CommandLineRun second =
        inProcess(
            "run",
            smoke.toString(),
            "--clouds",
            dir.resolve("clouds.yaml").toString(),
            "--reports",
            dir.resolve("reports").toString());

    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(second.err())
        .containsPattern(
            "sweep: run \\S+ is still alive \\(pid "
                + first.process().pid()
                + " on host \\S+\\): its 1 open entry is its own; left alone");
    assertThat(toxics()).as("the first run's fault is still in place").isEqualTo(1);

    new ProcessBuilder("kill", "-INT", Long.toString(first.process().pid())).start().waitFor();
    assertThat(first.await(60)).isEqualTo(130);
    assertThat(toxics()).isZero();
  }

  @Test
  void should_report_each_line_that_is_not_an_entry_and_go_on() throws Exception {
    Path ledger = dir.resolve("reports/.ledger/20261101T000000Z-dead01.jsonl");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write("{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.write(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}); // not UTF-8
    bytes.write(
        "{\"event\":\"applying\",\"id\":\"1\",\"ru"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)); // cut short
    byte[] lines = bytes.toByteArray();
    Files.createDirectories(ledger.getParent());
    Files.write(ledger, lines);

    CommandLineRun sweep = inProcess("sweep", "--reports", dir.resolve("reports").toString());

    assertThat(sweep.exitCode()).as(sweep.all()).isZero();
    assertThat(sweep.err())
        .contains("ledger: " + ledger + ":1: not a ledger entry; skipped")
        .contains("ledger: " + ledger + ":2: not a ledger entry (not UTF-8 text); skipped")
        .contains(
            "ledger: "
                + ledger
                + ":3: not a ledger entry (cut short: its run died while writing it); skipped");

    Files.write(ledger, lines);
    Path smoke =
        Files.writeString(
            dir.resolve("smoke.feature"),
            """
            Feature: Smoke
              Scenario: Serving
                Given the deployment is serving
            """);
    CommandLineRun run =
        inProcess(
            "run",
            smoke.toString(),
            "--clouds",
            dir.resolve("clouds.yaml").toString(),
            "--reports",
            dir.resolve("reports").toString());

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.err().lines().filter(l -> l.startsWith("ledger: " + ledger))).hasSize(3);
  }

  private ShakedownProcess startRun(String logs) {
    return ShakedownProcess.start(
        PROJECT,
        dir.resolve(logs),
        "run",
        dir.resolve("slow.feature").toString(),
        "--clouds",
        dir.resolve("clouds.yaml").toString(),
        "--reports",
        dir.resolve("reports").toString());
  }

  /** The run's fault in place; if it never is, what the run said is the failure. */
  private void awaitToxic(ShakedownProcess run) {
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> toxics() == 1);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "the run never added its toxic; it said: " + run.out() + run.err(), e);
    }
  }

  private int toxics() throws IOException {
    var proxy = client.getProxyOrNull("cloud-a.link");
    return proxy == null ? 0 : proxy.toxics().getAll().size();
  }

  @Test
  void should_remove_the_fault_of_a_run_killed_with_sigkill_at_the_next_sweep() throws Exception {
    ShakedownProcess run = startRun("killed");
    awaitToxic(run);

    run.process().destroyForcibly(); // SIGKILL: no hook runs
    run.process().waitFor();
    assertThat(toxics()).as("the fault outlives the killed run").isEqualTo(1);

    ShakedownProcess sweep =
        ShakedownProcess.start(
            PROJECT, dir.resolve("sweep"), "sweep", "--reports", dir.resolve("reports").toString());

    assertThat(sweep.await(60)).as(sweep.out() + sweep.err()).isZero();
    assertThat(sweep.out())
        .containsPattern(
            "swept: run \\S+: 500 ms of latency on cloud-a/link: removed toxic shakedown-\\S+-latency-1");
    assertThat(toxics()).isZero();

    ShakedownProcess again =
        ShakedownProcess.start(
            PROJECT, dir.resolve("again"), "sweep", "--reports", dir.resolve("reports").toString());
    assertThat(again.await(60)).isZero();
    assertThat(again.out()).contains("nothing to sweep");
  }

  @Test
  void should_remove_the_fault_within_a_second_of_ctrl_c_and_exit_130() throws Exception {
    ShakedownProcess run = startRun("interrupted");
    awaitToxic(run);

    long start = System.nanoTime();
    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> toxics() == 0);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).as("from SIGINT to the fault gone").isLessThan(1000);
    assertThat(run.await(30)).isEqualTo(130);
  }
}
