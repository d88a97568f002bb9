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

  /** A step begins: its sentence as the feature writes it, and where. */
  default void stepStarted(String sentence) {}

  /** The plan of a {@code --dry-run}: every selected scenario with its steps. */
  default void plan(List<PlannedScenario> scenarios) {}

  default void info(String line) {}

  /** Live progress, about once a second while a load runs: one line that replaces the previous. */
  default void progress(String line) {}

  RunListener SILENT = new RunListener() {};

  /** Both, told in this order: the console, then a live view. */
  static RunListener both(RunListener first, RunListener second) {
    return new RunListener() {
      @Override
      public void secrets(Redactor redactor) {
        first.secrets(redactor);
        second.secrets(redactor);
      }

      @Override
      public void runStarted(RunId id, Path directory, int scenarios) {
        first.runStarted(id, directory, scenarios);
        second.runStarted(id, directory, scenarios);
      }

      @Override
      public void scenarioStarted(String name, String location) {
        first.scenarioStarted(name, location);
        second.scenarioStarted(name, location);
      }

      @Override
      public void scenarioFinished(ScenarioOutcome outcome) {
        first.scenarioFinished(outcome);
        second.scenarioFinished(outcome);
      }

      @Override
      public void stepStarted(String sentence) {
        first.stepStarted(sentence);
        second.stepStarted(sentence);
      }

      @Override
      public void plan(List<PlannedScenario> scenarios) {
        first.plan(scenarios);
        second.plan(scenarios);
      }

      @Override
      public void info(String line) {
        first.info(line);
        second.info(line);
      }

      @Override
      public void progress(String line) {
        first.progress(line);
        second.progress(line);
      }
    };
  }
}
