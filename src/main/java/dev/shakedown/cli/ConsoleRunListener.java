package dev.shakedown.cli;

import dev.shakedown.config.Durations;
import dev.shakedown.config.Redactor;
import dev.shakedown.runner.ExitCode;
import dev.shakedown.runner.PlannedScenario;
import dev.shakedown.runner.RunId;
import dev.shakedown.runner.RunListener;
import dev.shakedown.runner.RunResult;
import dev.shakedown.runner.ScenarioOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Progress and the closing summary on the console; plain lines, so CI logs read as well as a
 * terminal.
 */
final class ConsoleRunListener implements RunListener {
  private final Console console;

  ConsoleRunListener(Console console) {
    this.console = console;
  }

  @Override
  public void secrets(Redactor redactor) {
    console.secrets().accept(redactor);
  }

  @Override
  public void runStarted(RunId id, Path directory, int scenarios) {
    console
        .out()
        .println(
            "run "
                + id
                + ": "
                + scenarios
                + (scenarios == 1 ? " scenario" : " scenarios")
                + ", reports in "
                + directory);
  }

  // A terminal gets one updating line; a CI log a plain line now and then, not carriage returns.
  private final boolean terminal = System.console() != null;
  private boolean progressShown;
  private volatile java.util.function.BooleanSupplier lineHeld = () -> false;
  private java.time.Instant lastPlainLine = java.time.Instant.EPOCH;

  /** How often a log that is not a terminal gets a progress line. */
  static final java.time.Duration PLAIN_EVERY = java.time.Duration.ofSeconds(10);

  /** While {@code held} says so, a terminal's progress line is not drawn (an operator's prompt). */
  void holdProgressWhile(java.util.function.BooleanSupplier held) {
    lineHeld = held;
  }

  @Override
  public synchronized void progress(String line) {
    if (terminal && lineHeld.getAsBoolean()) {
      return;
    }
    if (terminal) {
      console.out().print("\r  " + line + "\u001b[K");
      console.out().flush();
      progressShown = true;
      return;
    }
    java.time.Instant now = java.time.Instant.now();
    if (!now.isBefore(lastPlainLine.plus(PLAIN_EVERY))) {
      lastPlainLine = now;
      console.out().println("  ... " + line);
      console.out().flush();
    }
  }

  @Override
  public synchronized void scenarioFinished(ScenarioOutcome outcome) {
    if (progressShown) {
      console.out().print("\r\u001b[K");
      progressShown = false;
    }
    String mark =
        switch (outcome.verdict()) {
          case PASSED -> "PASS ";
          case FAILED -> "FAIL ";
          case UNUSABLE -> "ERROR";
          case SKIPPED -> "SKIP ";
        };
    console
        .out()
        .println(
            "  "
                + mark
                + " "
                + outcome.name()
                + "  ("
                + outcome.location()
                + ", "
                + Durations.format(outcome.duration())
                + ")");
    if (!outcome.message().isEmpty()) {
      outcome.message().lines().forEach(line -> console.out().println("          " + line));
    }
    console.out().flush();
  }

  @Override
  public void plan(List<PlannedScenario> scenarios) {
    console
        .out()
        .println(
            "dry run: "
                + scenarios.size()
                + (scenarios.size() == 1 ? " scenario" : " scenarios")
                + " would run; nothing was touched");
    for (PlannedScenario scenario : scenarios) {
      console.out().println();
      console
          .out()
          .println(
              "  "
                  + scenario.name()
                  + "  ("
                  + scenario.location()
                  + ")"
                  + (scenario.tags().isEmpty() ? "" : "  " + String.join(" ", scenario.tags())));
      for (PlannedScenario.Step step : scenario.steps()) {
        console.out().println("    " + step.text());
        step.actions().forEach(action -> console.out().println("        -> " + action));
      }
    }
  }

  @Override
  public void info(String line) {
    console.err().println(line);
  }

  void summary(RunResult result, Path reportsRoot) {
    if (result.id().isEmpty() && result.exitCode() == ExitCode.PASSED) {
      return; // a dry run: the plan was the output
    }
    result.problems().forEach(problem -> console.err().println(problem));
    if (!result.left().isEmpty()) {
      console.err().println("still applied, as it could not be reverted:");
      result.left().forEach(line -> console.err().println("  " + line));
      console
          .err()
          .println(
              "run: shakedown sweep --reports " + reportsRoot + " to revert it once that is fixed");
    }
    if (result.id().isEmpty()) {
      return;
    }
    console
        .out()
        .println(
            result.scenarios().size()
                + (result.scenarios().size() == 1 ? " scenario: " : " scenarios: ")
                + result.count(ScenarioOutcome.Verdict.PASSED)
                + " passed, "
                + result.count(ScenarioOutcome.Verdict.FAILED)
                + " failed, "
                + result.count(ScenarioOutcome.Verdict.UNUSABLE)
                + " errors, "
                + result.count(ScenarioOutcome.Verdict.SKIPPED)
                + " skipped in "
                + Durations.format(result.duration()));
    console
        .out()
        .println(
            "reports: "
                + result.reports().stream().map(Path::toString).collect(Collectors.joining(", ")));
    console
        .out()
        .println(
            "exit "
                + result.exitCode().code()
                + ": "
                + switch (result.exitCode()) {
                  case PASSED -> "every scenario held";
                  case FAILED -> "a check did not hold";
                  case UNUSABLE ->
                      result.left().isEmpty()
                          ? "the run could not be made as written"
                          : "something the run applied is still applied";
                  case INTERRUPTED -> "interrupted";
                });
  }
}
