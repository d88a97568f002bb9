package dev.shakedown.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shakedown.testing.Readme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Java API example is the test JavaApiIT runs, word for word. */
class ReadmeExampleTest {
  private static final String METHOD = "void keepsServingWhenAnInstanceDies(Shakedown run) {";

  @Test
  void the_readme_shows_the_test_that_runs() throws IOException {
    String readme = Readme.section("## The Java API");
    String test = Files.readString(Path.of("src/test/java/dev/shakedown/api/JavaApiIT.java"));

    assertThat(body(readme)).isEqualTo(body(test)).contains("run.kill(\"cloud-a\", 1)");
    assertThat(readme).contains("@ShakedownTest(config = \"config/clouds/local.yaml\")");
  }

  private static String body(String source) {
    int start = source.indexOf(METHOD);
    assertThat(start).as("the example method").isNotNegative();
    return source.substring(start, source.indexOf("\n  }\n", start));
  }
}
