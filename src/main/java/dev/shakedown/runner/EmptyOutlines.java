package dev.shakedown.runner;

import dev.shakedown.evidence.Locations;
import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Examples;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.RuleChild;
import io.cucumber.messages.types.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scenario Outlines without a single example row: Cucumber makes no scenario of them, so they would
 * vanish from the run without a word, and what they promised would never be checked.
 */
final class EmptyOutlines {
  private EmptyOutlines() {}

  /** One problem per empty outline in the selected files and folders, as {@code file:line: ...}. */
  static List<String> in(List<String> selected) {
    List<String> problems = new ArrayList<>();
    GherkinParser parser =
        GherkinParser.builder().includeSource(false).includePickles(false).build();
    for (String argument : selected) {
      Path path = Path.of(argument.replaceFirst("(:\\d+)+$", ""));
      for (Path file : features(path)) {
        try (Stream<Envelope> envelopes = parser.parse(file)) {
          envelopes
              .flatMap(e -> e.getGherkinDocument().stream())
              .flatMap(d -> d.getFeature().stream())
              .flatMap(f -> f.getChildren().stream())
              .flatMap(EmptyOutlines::scenarios)
              .filter(EmptyOutlines::empty)
              .forEach(
                  outline ->
                      problems.add(
                          Locations.of(file.toUri(), outline.getLocation().getLine().intValue())
                              + ": "
                              + outline.getKeyword()
                              + " '"
                              + outline.getName()
                              + "' has no example rows, so Cucumber makes no scenario of it and it"
                              + " would never run; add rows under Examples:, or make it a Scenario"));
        } catch (IOException | RuntimeException unparsable) {
          // The engine reports a feature it cannot parse, with Gherkin's own words.
        }
      }
    }
    return problems;
  }

  private static Stream<Scenario> scenarios(FeatureChild child) {
    return Stream.concat(
        child.getScenario().stream(),
        child.getRule().stream()
            .flatMap(rule -> rule.getChildren().stream())
            .map(RuleChild::getScenario)
            .flatMap(java.util.Optional::stream));
  }

  private static boolean empty(Scenario scenario) {
    String keyword = scenario.getKeyword().toLowerCase(java.util.Locale.ROOT);
    boolean outline = keyword.contains("outline") || keyword.contains("template");
    return outline && scenario.getExamples().stream().mapToInt(EmptyOutlines::rows).sum() == 0;
  }

  private static int rows(Examples examples) {
    return examples.getTableBody().size();
  }

  private static List<Path> features(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(f -> f.toString().endsWith(".feature")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
