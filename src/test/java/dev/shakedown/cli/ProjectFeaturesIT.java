package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own features/ hold on the embedded default, through the packaged jar, as the README
 * runs them; and its game-day features (a whole cloud, half of every cloud, a ramp to 3,000 a
 * second, a store cut for a minute), named by {@code --tags} as a game day without an operator
 * would run them. One after the other in one class: the ramp takes both cores, and the peak-rate
 * checks of the main job must not share them with it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectFeaturesIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @Test
  @Order(1)
  void should_hold_every_project_feature_on_the_embedded_default() throws Exception {
    Path reports = dir.resolve("reports");
    ShakedownProcess run =
        ShakedownProcess.start(
            PROJECT,
            dir.resolve("logs"),
            "run",
            "--clouds",
            "config/clouds/local.yaml",
            "--reports",
            reports.toString());

    int code = run.await(600);

    assertThat(code).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .doesNotContain("FAIL")
        .doesNotContain("ERROR")
        .contains("exit 0: every scenario held");
    // features/gameday/ is the room's: a plain run says it left them out, and did.
    assertThat(run.err()).contains("left out 5 scenarios tagged @gameday");
    assertThat(run.out())
        .doesNotContain("Ramping to ten times the peak")
        .doesNotContain("Losing a share of every cloud at once");
    String losingOne = evidenceOf(reports, "losing-one-instance");
    assertThat(losingOne)
        .contains("killing cloud-a/cloud-a-1 (pid ")
        .contains("\"name\" : \"success rate in the 10 s after killing cloud-a/cloud-a-1\"")
        .contains("\"name\" : \"time to replace cloud-a/cloud-a-1\"");
    assertThat(evidenceOf(reports, "losing-a-whole-cloud"))
        .containsPattern(
            "\"name\" : \"requests served by cloud-b since killing cloud-a/cloud-a-\\d+, cloud-a/cloud-a-\\d+\"");
    assertThat(evidenceOf(reports, "300-donations-a-second-while-an-instance-dies"))
        .containsPattern(
            "killing cloud-b/cloud-b-\\d+ \\(pid \\d+\\), as scheduled, [\\d.]+ s after the load started")
        .contains("load done: 6,000 requests at 300/s")
        .containsPattern("\"name\" : \"accepted donations missing\",\\s+\"value\" : 0.0,");
  }

  @Test
  @Order(2)
  void should_hold_every_game_day_feature_on_the_demo() throws Exception {
    Workspace workspace = new Workspace(dir);
    Path clouds = workspace.localConfig();
    Path reports = workspace.reports();
    ShakedownProcess run =
        ShakedownProcess.start(
            PROJECT,
            dir.resolve("logs"),
            "run",
            "features/gameday",
            "--tags",
            "@gameday",
            "--clouds",
            clouds.toString(),
            "--reports",
            reports.toString());

    int code = run.await(900);

    assertThat(code).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("5 scenarios: 5 passed, 0 failed, 0 errors, 0 skipped")
        .doesNotContain("left out");
    assertThat(evidenceOf(reports, "ramping-to-ten-times-the-peak"))
        .containsPattern("\"name\" : \"second 29: rate asked\",\\s+\"value\" : 2\\d{3}\\.")
        .containsPattern(
            "(no breaking point in this ramp: it held to its end|breaking point: [\\d,]+ requests"
                + " per second was the highest that held)");
    assertThat(evidenceOf(reports, "losing-a-share-of-every-cloud-at-once"))
        .containsPattern("killing cloud-a/cloud-a-\\d+ \\(pid ")
        .containsPattern("killing cloud-b/cloud-b-\\d+ \\(pid ");
    assertThat(evidenceOf(reports, "one-cloud-s-store-is-cut-off-for-a-minute-at-the-peak"))
        .contains("load done: 18,000 requests at 300/s")
        .containsPattern("\"name\" : \"accepted donations missing\",\\s+\"value\" : 0.0,")
        .contains("expired: cloud-a/store cut off: enabled again, and the proxy reads enabled");
    assertThat(evidenceOf(reports, "a-whole-cloud-dies-and-the-other-takes-everything"))
        .containsPattern("requests served by cloud-b since killing cloud-a/cloud-a-\\d+, cloud-a/");
    ShakedownProcess.assertNothingToSweep(PROJECT, dir.resolve("sweep"), reports, clouds);
  }

  private static String evidenceOf(Path reports, String slug) throws Exception {
    try (Stream<Path> files = Files.list(reports.resolve("latest/evidence"))) {
      Path file =
          files
              .filter(p -> p.getFileName().toString().endsWith("-" + slug + ".json"))
              .findFirst()
              .orElseThrow();
      return Files.readString(file);
    }
  }
}
