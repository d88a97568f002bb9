package dev.shakedown.runner;

import dev.shakedown.ShakedownException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.FilePosition;

/**
 * Turns {@code features/failover}, {@code a.feature} and {@code a.feature:12} into JUnit Platform
 * selectors. Only selectors are used, never {@code cucumber.features}: combining the two is what
 * makes scenarios run twice (cucumber-jvm #2782, #2897).
 */
final class FeatureSelection {
  private FeatureSelection() {}

  static List<DiscoverySelector> selectors(List<String> paths) {
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String argument : paths) {
      String path = argument;
      List<Integer> lines = new ArrayList<>();
      while (path.matches(".*:\\d+$")) {
        int colon = path.lastIndexOf(':');
        lines.add(0, Integer.parseInt(path.substring(colon + 1)));
        path = path.substring(0, colon);
      }
      Path file = Path.of(path);
      if (Files.isDirectory(file)) {
        if (!lines.isEmpty()) {
          throw new ShakedownException(
              "'" + argument + "' names a line of a directory; name a .feature file with :LINE");
        }
        selectors.add(DiscoverySelectors.selectDirectory(file.toFile()));
      } else if (Files.isRegularFile(file)) {
        if (!path.endsWith(".feature")) {
          throw new ShakedownException(
              "'" + argument + "' is not a .feature file; name feature files or folders of them");
        }
        if (lines.isEmpty()) {
          selectors.add(DiscoverySelectors.selectFile(file.toFile()));
        } else {
          lines.forEach(
              line ->
                  selectors.add(
                      DiscoverySelectors.selectFile(file.toFile(), FilePosition.from(line))));
        }
      } else {
        throw new ShakedownException(
            "'"
                + argument
                + "' does not exist; name feature files or folders (default: "
                + RunOptions.DEFAULT_FEATURES
                + "/)");
      }
    }
    return selectors;
  }
}
