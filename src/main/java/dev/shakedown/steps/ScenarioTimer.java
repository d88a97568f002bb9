package dev.shakedown.steps;

import dev.shakedown.config.Durations;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.RevertFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a scenario does later on its own (a kill scheduled into a load, a fault that expires), on
 * one timer thread, and what stops when the run halts. One per scenario, from the DI container.
 */
public final class ScenarioTimer {
  private final CurrentRun current;
  private final Evidence evidence;
  private final List<Runnable> haltListeners = new ArrayList<>();
  private final List<Scheduled> scheduled = new ArrayList<>();
  private ScheduledExecutorService timer;

  public ScenarioTimer(Evidence evidence, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
  }

  /**
   * Reverts {@code fault} after {@code after} on its own: the "for N seconds" forms. A revert that
   * fails leaves it open, for the scenario's end to try again and report.
   */
  void expireAfter(Handle fault, Duration after, Consumer<String> then) {
    if (current.context().planning()) {
      // Nothing was applied, so nothing is timed: a dry run says when and starts no timer.
      current
          .context()
          .plan("after " + Durations.format(after) + " would revert: " + fault.description());
      return;
    }
    later(
        after,
        () -> {
          try {
            then.accept(fault.revert());
          } catch (RevertFailedException e) {
            evidence.event("revert failed: " + e.getMessage());
          }
        });
  }

  /**
   * Runs {@code action} at {@code at} (a fault during a load), in the background; a verdict judging
   * a window that ends before it has happened fails ({@link #requireScheduledBy}).
   *
   * @param what as the messages name it: {@code the kill of 1 instance of cloud-b}
   * @param reference what offsets count from: the start of the load
   */
  synchronized void schedule(String what, Instant reference, Instant at, Runnable action) {
    CompletableFuture<Instant> done = new CompletableFuture<>();
    scheduled.add(new Scheduled(what, reference, at, done));
    later(
        Duration.between(Instant.now(), at),
        () -> {
          try {
            current
                .context()
                .halted()
                .ifPresent(
                    reason -> {
                      throw new dev.shakedown.traffic.HaltedException(
                          reason + "; " + what + " was not done");
                    });
            action.run();
            done.complete(Instant.now());
          } catch (RuntimeException | AssertionError e) {
            done.completeExceptionally(e);
          }
        });
  }

  /** Stops {@code stop} when the run halts, for as long as this scenario lasts. */
  synchronized void onHalt(Consumer<String> stop) {
    haltListeners.add(current.context().onHalt(stop));
  }

  /** Something scheduled for later in the scenario, and when it happened. */
  private record Scheduled(
      String what, Instant reference, Instant at, CompletableFuture<Instant> done) {
    String offset(Instant instant) {
      return String.format(
          Locale.ROOT, "+%.1f s", Duration.between(reference, instant).toMillis() / 1000.0);
    }
  }

  /**
   * Fails when a disruption scheduled in this scenario had not happened by {@code end}, the end of
   * the window {@code check} judges: that verdict would be about a deployment the disruption never
   * touched. Waits for what was due by then; rethrows the failure of one that failed.
   */
  void requireScheduledBy(Instant end, String check) {
    List<Scheduled> all;
    synchronized (this) {
      all = List.copyOf(scheduled);
    }
    for (Scheduled action : all) {
      if (action.at().isAfter(end)) {
        Instant now = Instant.now();
        throw new AssertionError(
            action.what()
                + " scheduled at "
                + action.offset(action.at())
                + (action.done().isDone() && !action.done().isCompletedExceptionally()
                    ? " came at " + action.offset(action.done().join())
                    : " had not happened")
                + " when "
                + check
                + " ended at "
                + action.offset(end.isBefore(now) ? end : now)
                + ", so "
                + check
                + " did not see it; schedule it within "
                + check
                + " or judge a longer window");
      }
      try {
        action.done().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw (Error) e.getCause();
      }
    }
  }

  /** What was scheduled and never happened: the scenario ended first. */
  synchronized List<String> neverHappened(Instant end) {
    return scheduled.stream()
        .filter(action -> !action.done().isDone() || action.done().isCompletedExceptionally())
        .map(
            action ->
                action.what()
                    + " scheduled at "
                    + action.offset(action.at())
                    + " never happened: the scenario ended at "
                    + action.offset(end))
        .toList();
  }

  private synchronized void later(Duration after, Runnable task) {
    if (timer == null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "shakedown-scenario-timer");
                thread.setDaemon(true);
                return thread;
              });
    }
    timer.schedule(task, Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS);
  }

  /**
   * Cancels what is scheduled and waits for what is running, so that nothing is applied after the
   * scenario's revert has looked.
   */
  void stop() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      stopping = timer;
      haltListeners.forEach(Runnable::run);
      haltListeners.clear();
    }
    if (stopping != null) {
      stopping.shutdownNow();
      try {
        stopping.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
