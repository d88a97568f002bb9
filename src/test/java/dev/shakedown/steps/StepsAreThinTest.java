package dev.shakedown.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Step definitions are a veneer over the Java API: none runs over about ten lines, counted as
 * google-java-format lays them out (a long message wraps).
 */
class StepsAreThinTest {
  private static final int MOST_LINES = 14;
  private static final Pattern STEP = Pattern.compile("\\s*@(Given|When|Then)\\(.*");
  private static final Pattern METHOD = Pattern.compile("\\s*public void (\\w+)\\(.*");

  @Test
  void no_step_definition_runs_over_about_ten_lines() throws IOException {
    List<String> long_ = new ArrayList<>();
    int steps = 0;
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/shakedown/steps"))) {
      for (Path file : files.filter(f -> f.toString().endsWith("Steps.java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (!STEP.matcher(lines.get(i)).matches()) {
            continue;
          }
          int start = i;
          while (!METHOD.matcher(lines.get(start)).matches()) {
            start++;
          }
          int end = start;
          int depth = 0;
          boolean opened = false;
          do {
            opened |= lines.get(end).indexOf('{') >= 0;
            depth += count(lines.get(end), '{') - count(lines.get(end), '}');
            end++;
          } while (!opened || depth > 0);
          int body = end - start - 2;
          steps++;
          if (body > MOST_LINES) {
            var name = METHOD.matcher(lines.get(start));
            name.matches();
            long_.add(file.getFileName() + " " + name.group(1) + ": " + body + " lines");
          }
          i = end;
        }
      }
    }
    assertThat(steps).as("step definitions found").isGreaterThan(40);
    assertThat(long_).as("step definitions over " + MOST_LINES + " lines").isEmpty();
  }

  private static int count(String line, char c) {
    return (int) line.chars().filter(ch -> ch == c).count();
  }
}
