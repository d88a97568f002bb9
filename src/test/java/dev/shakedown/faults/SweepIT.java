package dev.shakedown.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shakedown.proxy.FaultProxy;
import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.TestEndpoint;
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

  private int toxics() throws IOException {
    var proxy = client.getProxyOrNull("cloud-a.link");
    return proxy == null ? 0 : proxy.toxics().getAll().size();
  }

  @Test
  void should_remove_the_fault_of_a_run_killed_with_sigkill_at_the_next_sweep() throws Exception {
    ShakedownProcess run = startRun("killed");
    await().atMost(Duration.ofSeconds(60)).until(() -> toxics() == 1);

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
    await().atMost(Duration.ofSeconds(60)).until(() -> toxics() == 1);

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
