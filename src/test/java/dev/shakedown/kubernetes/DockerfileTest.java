package dev.shakedown.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The image cannot be built here (no container engine): what the Job relies on is checked in the
 * Dockerfile instead.
 */
class DockerfileTest {
  @Test
  void should_run_the_packaged_jar_as_a_load_worker_on_a_java_17_jre() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));

    assertThat(dockerfile)
        .containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
        .contains("COPY target/shakedown.jar /opt/shakedown/shakedown.jar")
        .containsPattern("(?m)^USER 65532:65532$")
        .containsPattern(
            "(?m)^ENTRYPOINT \\[\"java\", .*\"-jar\", \"/opt/shakedown/shakedown.jar\","
                + " \"load-worker\"]$");
  }
}
