package dev.shakedown.runner;

import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.history.AllureHistory;
import dev.shakedown.history.HistoryStore;
import dev.shakedown.report.TrendWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What a run takes from the history into its folder as it ends: the earlier runs its compliance
 * report's trend shows, and the last Allure history for Allure's own trend. A history that cannot
 * be read is said and costs the run nothing but its trend: the gate is the run's verdict.
 */
final class RunTrail {
  private RunTrail() {}

  static void write(
      RunContext context,
      Path directory,
      ShakedownConfig config,
      Function<String, String> environment,
      RunListener listener) {
    HistoryStore.Listing earlier;
    try {
      earlier = context.earlierRuns();
    } catch (RuntimeException e) {
      listener.info("history: no trend in this run's report: " + e.getMessage());
      return;
    }
    TrendWindow.of(
            earlier.runs(),
            context.id().value(),
            List.copyOf(config.clouds().keySet()),
            config.history().runs(),
            config.history().slowdown().percent(),
            TrendWindow.commitUrl(config.history().commitUrl(), environment))
        .write(directory);
    try (HistoryStore store = context.history()) {
      AllureHistory.feed(store, earlier.runs(), directory.resolve("allure-results"));
    } catch (RuntimeException e) {
      listener.info("history: Allure's trend not carried on: " + e.getMessage());
    }
  }
}
