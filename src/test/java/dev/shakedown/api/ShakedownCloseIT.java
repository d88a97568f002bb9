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
