package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.ShakedownProcess;
import dev.shakedown.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's game-day features (a whole cloud, half of every cloud, a ramp to 3,000 a second, a
 * store cut for a minute) hold on the demo, through the packaged jar, named by {@code --tags} as a
 * game day without an operator would run them; and a plain run of features/ leaves them out. On
 * ports of its own, beside {@link ProjectFeaturesIT}.
 */
class GamedayFeaturesIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @Test
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
