package dev.shakedown.runner;

import dev.shakedown.config.HistorySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The end of a run.
 *
 * @param directory the run's report folder; empty for a dry run, which writes nothing
 * @param problems run-level problems that made the run unusable (undefined steps, no scenario
 *     selected); each one line
 * @param left what the run could not revert and is still applied, one line each: the run exits 2
 *     and {@code shakedown sweep} finishes it
 * @param history where the config keeps the history, for what the run adds to it
 */
public record RunResult(
    Optional<RunId> id,
    Optional<Path> directory,
    List<ScenarioOutcome> scenarios,
    List<String> problems,
    List<String> left,
    Duration duration,
    ExitCode exitCode,
    List<Path> reports,
    HistorySettings history) {

  /** The result of a run that ran no scenario for real: refused before it began, or a dry run. */
  static RunResult withoutRun(List<String> problems, Duration duration) {
    return new RunResult(
        Optional.empty(),
        Optional.empty(),
        List.of(),
        problems,
        List.of(),
        duration,
        problems.isEmpty() ? ExitCode.PASSED : ExitCode.UNUSABLE,
        List.of(),
        HistorySettings.DEFAULT);
  }

  public long count(ScenarioOutcome.Verdict verdict) {
    return scenarios.stream().filter(s -> s.verdict() == verdict).count();
  }
}
