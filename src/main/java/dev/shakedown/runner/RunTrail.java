package dev.shakedown.runner;

import dev.shakedown.config.HistorySettings;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.history.AllureHistory;
import dev.shakedown.history.HistoryStore;
import dev.shakedown.report.TrendWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What a run takes from the history into its folder as it ends: the earlier runs its compliance
 * report's trend shows ({@code trend.json}), and the last Allure history for Allure's own trend. A
 * history that cannot be read, or not within {@link #BOUND}, is said in the report and on the
 * console, and the run's verdict stands: the gate is what the run measured.
 */
final class RunTrail {
  /** How long the end of a run waits for the history: a slow bucket never holds the record. */
  static final Duration BOUND = Duration.ofSeconds(20);

  private RunTrail() {}

  static void write(
      RunContext context,
      Path directory,
      Instant started,
      ShakedownConfig config,
      Function<String, String> environment,
      RunListener listener) {
    HistorySettings settings = config.history();
    CompletableFuture<TrendWindow> reading =
        CompletableFuture.supplyAsync(
            () -> {
              HistoryStore.Listing earlier = context.earlierRuns();
              TrendWindow window =
                  TrendWindow.of(
                      earlier.runs(),
                      earlier.unreadable().size(),
                      context.id().value(),
                      started,
                      List.copyOf(config.clouds().keySet()),
                      settings.runs(),
                      settings.slowdown().percent(),
                      TrendWindow.commitUrl(settings.commitUrl(), environment));
              try (HistoryStore store = context.history()) {
                AllureHistory.feed(store, window.earlier(), directory.resolve("allure-results"));
              } catch (RuntimeException e) {
                listener.info("history: Allure's trend not carried on: " + e.getMessage());
              }
              return window;
            },
            runnable -> {
              Thread thread = new Thread(runnable, "shakedown-history");
              thread.setDaemon(true); // a bucket that never answers does not keep the JVM
              thread.start();
            });
    TrendWindow window;
    try {
      window = reading.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      window =
          unavailable(settings, "the history did not answer within " + BOUND.toSeconds() + " s");
    } catch (ExecutionException e) {
      window = unavailable(settings, e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      window = unavailable(settings, "interrupted while the history was read");
    }
    window
        .unavailable()
        .ifPresent(why -> listener.info("history: no trend in this run's report: " + why));
    window.write(directory, config.redactor());
  }

  private static TrendWindow unavailable(HistorySettings settings, String why) {
    return TrendWindow.unavailable(settings.runs(), settings.slowdown().percent(), why);
  }
}
