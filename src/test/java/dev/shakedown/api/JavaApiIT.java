package dev.shakedown.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.config.Percentage;
import dev.shakedown.faults.ToxicSpec;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.testing.Workspace;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.LoadVerdicts;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java API alone, on the demo of local.yaml: an instance killed while the deployment is
 * watched, a fault added, and each reverted by the extension after its test. The README's example
 * is the first test, with {@code @ShakedownTest(config = "config/clouds/local.yaml")}; here the
 * demo runs on ports of its own, beside the project's features in the other fork.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaApiIT {
  private static final Workspace WORKSPACE = workspace();

  @RegisterExtension
  static final ShakedownExtension SHAKEDOWN =
      ShakedownExtension.of(WORKSPACE.reports(), WORKSPACE.localConfig());

  private static Workspace workspace() {
    try {
      return new Workspace(Files.createTempDirectory("shakedown-api"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @Order(1)
  void keepsServingWhenAnInstanceDies(Shakedown run) {
    Watch watch = run.watch(); // serving now, then probed in the background

    KillReceipt kill = run.kill("cloud-a", 1);

    watch.keepsServing(Duration.ofSeconds(5), Percentage.parse("99%")).requireHeld();
    assertThat(kill.killed()).hasSize(1);
  }

  @Test
  @Order(2)
  void aFaultIsInPlaceUntilTheTestEnds(Shakedown run) {
    run.faults().add("cloud-a/store", ToxicSpec.of("latency").upstream().attribute("latency", 200));

    assertThat(run.faults().activeOn("cloud-a/store")).hasSize(1);
  }

  @Test
  @Order(3)
  void whatTheTestsBrokeIsRevertedAfterEach(Shakedown run) {
    assertThat(run.faults().activeOn("cloud-a/store")).isEmpty();
    // The kill's revert waited for cloud-a whole again: its replacement serves.
    assertThat(run.instances("cloud-a")).hasSize(2);
  }

  @Test
  @Order(4)
  void aLoadIsSentAndJudgedFromItsPlannedSendTimes(Shakedown run) {
    LoadResult result = run.send(50, Duration.ofSeconds(2)).await();

    assertThat(result.planned()).isEqualTo(100);
    assertThat(result.successRate().percent()).isGreaterThanOrEqualTo(99.0);
    LoadVerdicts.achievedRate(result, Percentage.parse("10%"), 50).requireHeld();
  }

  @Test
  @Order(5)
  void aRollingRestartTakesOneInstanceAwayAtATime(Shakedown run) {
    Watch watch = run.watch();
    var before = run.instances("cloud-b").stream().map(i -> i.id()).toList();

    var restarts = run.rollingRestart("cloud-b");

    assertThat(restarts).extracting(r -> r.instance().id()).containsExactlyElementsOf(before);
    assertThat(restarts).allSatisfy(r -> assertThat(r.took()).isPositive());
    assertThat(run.stillApplied()).isEmpty(); // each was started again as the restart went
    assertThat(run.instances("cloud-b")).hasSameSizeAs(before);
    // As features/failover/failover.feature holds it: cloud-a serves while cloud-b restarts.
    watch.throughout(Percentage.parse("99.9%")).requireHeld();
  }
}
