package dev.shakedown.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shakedown.faults.ToxicSpec;
import dev.shakedown.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run opened without JUnit's help: what close() leaves, and what a closed run refuses. */
class ShakedownCloseIT {
  @TempDir Path dir;

  @Test
  void close_reverts_what_is_still_applied_while_the_proxy_still_runs() throws IOException {
    Workspace workspace = new Workspace(dir);
    Path config = workspace.localConfig();
    Shakedown closed;

    try (Shakedown run = Shakedown.open(workspace.reports(), java.util.List.of(config))) {
      run.faults().add("cloud-a/store", ToxicSpec.of("latency").attribute("latency", 300));
      run.faults().cut("cloud-b/store");
      assertThat(run.faults().activeOn("cloud-a/store")).hasSize(1);
      assertThat(run.stillApplied()).hasSize(2);
      closed = run;
    } // close() threw "still applied after the run" if a revert had failed

    assertThat(ledgers(workspace.reports())).as("ledgers left for a sweep").isEmpty();
    assertThat(Workspace.processesLeft()).as("processes left running").isEmpty();
    assertThatThrownBy(() -> closed.kill("cloud-a", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the run is closed; open another with Shakedown.open");
  }

  @Test
  void close_during_a_warm_up_stops_it_at_once() throws Exception {
    Workspace workspace = new Workspace(dir);
    Path config = workspace.localConfig("warmUp: 5s", "warmUp: 10m");
    var sent = new java.util.concurrent.CompletableFuture<Throwable>();

    try (Shakedown run = Shakedown.open(workspace.reports(), java.util.List.of(config))) {
      Thread sender =
          new Thread(
              () -> {
                try {
                  run.send(20, java.time.Duration.ofSeconds(5));
                  sent.complete(null);
                } catch (Throwable e) {
                  sent.complete(e);
                }
              });
      sender.setDaemon(true); // should the close not stop it, it holds up no fork's exit
      sender.start();
      java.time.Instant giveUp = java.time.Instant.now().plusSeconds(60);
      while (run.warmUpsUnderWay() == 0 && java.time.Instant.now().isBefore(giveUp)) {
        Thread.sleep(20);
      }
      assertThat(run.warmUpsUnderWay()).as("a warm-up under way").isEqualTo(1);
    } // close() here, with the ten-minute warm-up under way on the other thread

    Throwable thrown = sent.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(thrown)
        .isInstanceOf(dev.shakedown.traffic.HaltedException.class)
        .hasMessageContaining("the run closed")
        .hasMessageContaining("during the load's warm-up");
  }

  private static java.util.List<Path> ledgers(Path reports) throws IOException {
    Path folder = reports.resolve(".ledger");
    if (!Files.isDirectory(folder)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".jsonl")).toList();
    }
  }
}
