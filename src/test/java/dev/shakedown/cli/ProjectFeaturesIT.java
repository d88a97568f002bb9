package dev.shakedown.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.ShakedownProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own features/ hold on the embedded default, through the packaged jar, as the README
 * runs them.
 */
class ProjectFeaturesIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @Test
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
