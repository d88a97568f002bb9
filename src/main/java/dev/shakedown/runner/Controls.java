package dev.shakedown.runner;

import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ControlsFile;
import dev.shakedown.config.Suggestions;
import dev.shakedown.report.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The control catalogue of a run, and the check that every @control tag names one of it. */
public final class Controls {
  public static final String DEFAULT_FILE = "config/controls.yaml";
  private static final String CONTROL_PREFIX = "@control";

  private Controls() {}

  /** The catalogue; none when the default file is not there and nothing else was named. */
  static ControlsFile load(Path file, ConfigLoader loader) {
    if (file.equals(Path.of(DEFAULT_FILE)) && !Files.exists(file)) {
      return new ControlsFile(Map.of(), List.of());
    }
    return loader.loadFile(file, ControlsFile.class);
  }

  /** One problem per @control tag the catalogue does not have, where it is, with the nearest id. */
  static List<String> unknownTags(
      List<PlannedScenario> scenarios, ControlsFile catalogue, Path file) {
    List<String> problems = new ArrayList<>();
    for (PlannedScenario scenario : scenarios) {
      for (String tag : scenario.tags()) {
        int colon = tag.indexOf(':');
        String prefix = colon < 0 ? tag : tag.substring(0, colon);
        // @contol:SOC2-CC7.2 would silently leave the control untested: a near miss is an error.
        if (colon > 0
            && !prefix.equals(CONTROL_PREFIX)
            && Suggestions.distance(prefix.toLowerCase(java.util.Locale.ROOT), CONTROL_PREFIX)
                <= 2) {
          problems.add(
              scenario.location()
                  + ": tag "
                  + tag
                  + " looks like a control tag; write "
                  + CONTROL_PREFIX
                  + tag.substring(colon)
                  + ", or the control is never tested");
        }
      }
      for (String control : ScenarioResult.controls(scenario.tags())) {
        if (catalogue.controls().containsKey(control)) {
          continue;
        }
        problems.add(
            scenario.location()
                + ": @control:"
                + control
                + " is not in "
                + file
                + Suggestions.closest(control, catalogue.controls().keySet())
                    .map(c -> "; did you mean @control:" + c + "?")
                    .orElse("")
                + " Add it there (title, framework, severity) or fix the tag.");
      }
    }
    return problems.stream().distinct().toList();
  }
}
