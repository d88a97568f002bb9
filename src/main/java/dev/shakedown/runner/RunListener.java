package dev.shakedown.runner;

import dev.shakedown.config.Redactor;
import java.nio.file.Path;
import java.util.List;

/**
 * Progress of a run, for whoever shows it. The runner never prints; the CLI implements this and is
 * the only writer to the console.
 */
public interface RunListener {
  /**
   * The config's secrets, once it is loaded: whatever the listener prints is redacted with them.
   */
  default void secrets(Redactor redactor) {}

  default void runStarted(RunId id, Path directory, int scenarios) {}

  default void scenarioStarted(String name, String location) {}

  default void scenarioFinished(ScenarioOutcome outcome) {}

  /** The plan of a {@code --dry-run}: every selected scenario with its steps. */
  default void plan(List<PlannedScenario> scenarios) {}

  default void info(String line) {}

  /** Live progress, about once a second while a load runs: one line that replaces the previous. */
  default void progress(String line) {}

  RunListener SILENT = new RunListener() {};
}
