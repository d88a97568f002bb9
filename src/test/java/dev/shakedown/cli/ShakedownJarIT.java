package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run the way the README and a pipeline run it. */
class ShakedownJarIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void should_run_the_features_on_the_embedded_default_and_exit_0() throws Exception {
    ShakedownProcess run =
        ShakedownProcess.start(
            PROJECT,
            dir.resolve("logs"),
            "run",
            "features/smoke",
            "--clouds",
            new Workspace(dir).localConfig().toString(),
            "--reports",
            dir.resolve("reports").toString());

    int code = run.await(120);

    assertThat(code).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("PASS  Every cloud is serving")
        .contains("exit 0: every scenario held");
    assertThat(dir.resolve("reports/latest/junit.xml")).isNotEmptyFile();
    try (var logs = Files.list(dir.resolve("reports/latest/instances"))) {
      assertThat(logs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "cloud-a-1.log", "cloud-a-2.log", "cloud-b-1.log", "cloud-b-2.log");
    }
  }

  @Test
  void should_stop_every_instance_and_exit_130_on_ctrl_c() throws Exception {
    Path config = new Workspace(dir).localConfig("sample: 2s", "sample: 60s");
    ShakedownProcess run =
        ShakedownProcess.start(
            PROJECT,
            dir.resolve("logs"),
            "run",
            "features/smoke",
            "--clouds",
            config.toString(),
            "--reports",
            dir.resolve("reports").toString());

    // Wait until the demo (two stores, the router, four instances) is up and the minute-long sample
    // is under way.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> run.out().contains("run ") && run.process().descendants().count() >= 7);
    List<ProcessHandle> instances = run.process().descendants().toList();
    Thread.sleep(500);
    new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();

    int code = run.await(30);

    assertThat(code).as(run.out() + run.err()).isEqualTo(130);
    assertThat(run.err())
        .contains("interrupted: reverting everything this run applied")
        .contains("interrupted: everything this run applied is reverted (exit 130)");
    assertThat(instances).hasSizeGreaterThanOrEqualTo(7);
    assertThat(
            instances.stream()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
        .as("processes left running")
        .isEmpty();
  }

  @Test
  void should_print_the_version_and_a_usage_error_with_exit_2() throws Exception {
    ShakedownProcess version = ShakedownProcess.start(PROJECT, dir.resolve("v"), "--version");
    ShakedownProcess wrong =
        ShakedownProcess.start(PROJECT, dir.resolve("w"), "run", "--clowds", "x.yaml");

    assertThat(version.await(30)).isZero();
    assertThat(version.out()).startsWith("shakedown 0.");
    assertThat(wrong.await(30)).isEqualTo(2);
    assertThat(wrong.err())
        .contains("Unknown option: '--clowds'")
        .contains("--clouds")
        .contains("Run 'shakedown run --help' for usage.")
        .doesNotContain("Usage:");
  }
}
