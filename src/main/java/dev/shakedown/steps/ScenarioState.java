package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.RevertFailedException;
import dev.shakedown.undo.Undo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What one scenario has started and broken, shared by its steps and reverted by {@link
 * RevertHooks}. One instance per scenario, from the DI container.
 */
public final class ScenarioState {
  private final CurrentRun current;
  private final Evidence evidence;
  // Written by the scenario's timer thread too (a kill scheduled during a load): volatile.
  private volatile Monitor monitor;
  private volatile Fault lastFault;
  private final List<KillReceipt> kills = new ArrayList<>();
  private final List<Runnable> haltListeners = new ArrayList<>();
  private boolean skipped;
  private final Undo undo;
  private ScheduledExecutorService expiries;
  private final List<Scheduled> scheduled = new ArrayList<>();
  private volatile Load load;
  private boolean loadRecorded;

  public ScenarioState(Evidence evidence, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.undo = current.context().undo().scope();
  }

  /** What this scenario has applied and not yet reverted; the revert hook reverts it all. */
  Undo undo() {
    return undo;
  }

  /**
   * Reverts {@code fault} after {@code after} on its own: the "for N seconds" forms. A revert that
   * fails leaves it open, for the scenario's end to try again and report.
   */
  void expireAfter(Handle fault, Duration after, java.util.function.Consumer<String> then) {
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

  /** A load under way in this scenario, and the generator to close when the scenario ends. */
  record Load(LoadGenerator generator, LoadGenerator.LoadRun run, String description) {
    Instant started() {
      return run.started();
    }

    LoadResult result() {
      return run.await();
    }
  }

  Optional<Load> load() {
    return Optional.ofNullable(load);
  }

  void load(Load load) {
    this.load = load;
  }

  /**
   * Waits for the scenario's load and what was scheduled during it; the first time, records its
   * figures and per-second timeline in the evidence.
   */
  /** Refuses, in a real run and a dry run alike, a step that reads a load when none ran. */
  void requireLoad() {
    if (load == null && !planned.contains("load")) {
      throw new dev.shakedown.ShakedownException(
          "no load ran in this scenario; start one with 'When 300 requests per second are sent for 30 seconds'");
    }
  }

  LoadResult loadResult() {
    requireLoad();
    Load load = this.load;
    LoadResult result = load.result();
    if (!loadRecorded) {
      loadRecorded = true;
      evidence.timeline(
          "load: " + load.description(), Timelines.ofLoad(load.run().started(), result));
      evidence.measure("load: requests planned", result.planned(), "requests");
      evidence.measure("load: achieved send rate", result.achievedRate(), "requests/s");
      evidence.measure("load: success rate", result.successRate().percent(), "%");
      evidence.measure(
          "load: p99 from the planned send time", result.p99FromPlanned().toNanos() / 1e6, "ms");
      evidence.measure(
          "load: p99 from the actual send", result.p99FromSend().toNanos() / 1e6, "ms");
      evidence.measure("load: send lag p99", result.sendLagP99().toNanos() / 1e6, "ms");
      evidence.measure("load: generator CPU", result.cpuLoad() * 100, "%");
      evidence.event(result.started().plus(result.elapsed()), "load done: " + result.summary());
    }
    if (result.halted().isPresent()) {
      stopExpiries(); // what was scheduled during the load is not done after a halt
      throw new dev.shakedown.traffic.HaltedException(
          result.halted().get()
              + String.format(
                  java.util.Locale.ROOT,
                  "; the load was stopped after %,d of %,d requests: %s",
                  result.sent(),
                  result.planned(),
                  result.summary()));
    }
    requireScheduledBy(result.started().plus(result.elapsed()), "the load");
    return result;
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

  /** The scenario was skipped (the run had halted before it): it saw no halt of its own. */
  void skipped() {
    skipped = true;
  }

  boolean wasSkipped() {
    return skipped;
  }

  /** Stops {@code stop} when the run halts, for as long as this scenario lasts. */
  synchronized void onHalt(java.util.function.Consumer<String> stop) {
    haltListeners.add(current.context().onHalt(stop));
  }

  /** Something scheduled for later in the scenario, and when it happened. */
  private record Scheduled(
      String what, Instant reference, Instant at, CompletableFuture<Instant> done) {
    String offset(Instant instant) {
      return String.format(
          java.util.Locale.ROOT,
          "+%.1f s",
          Duration.between(reference, instant).toMillis() / 1000.0);
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
    if (expiries == null) {
      expiries =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "shakedown-scenario-timer");
                thread.setDaemon(true);
                return thread;
              });
    }
    expiries.schedule(task, Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS);
  }

  /**
   * Cancels what is scheduled and waits for what is running, so that nothing is applied after the
   * scenario's revert has looked.
   */
  void stopExpiries() {
    ScheduledExecutorService timer;
    synchronized (this) {
      timer = expiries;
      haltListeners.forEach(Runnable::run);
      haltListeners.clear();
    }
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  Optional<Monitor> monitor() {
    return Optional.ofNullable(monitor);
  }

  void monitor(Monitor monitor) {
    this.monitor = monitor;
  }

  /**
   * In a dry run, what a real run would have by now (a monitor, a load, a wipe): the steps'
   * preconditions are checked against it as they would be against the real thing.
   */
  private final java.util.Set<String> planned = new java.util.HashSet<>();

  void planned(String thing) {
    planned.add(thing);
  }

  boolean wouldHave(String thing) {
    return planned.contains(thing);
  }

  /**
   * The monitor, which "the deployment is serving" starts; steps that read it need it. In a dry
   * run, null once that step was planned, and refused as in a real run before.
   */
  Monitor requireMonitor(String step) {
    if (monitor == null && !planned.contains("monitor")) {
      throw new dev.shakedown.ShakedownException(
          "'"
              + step
              + "' reads the background monitor, which 'Given the deployment is serving' starts; add that step before it");
    }
    return monitor;
  }

  /** A fault from {@code at}: the window "keeps serving" reads, and a shaded one in the reports. */
  void faultApplied(Instant at, String description) {
    measureFrom(at, description);
    evidence.faultStarted(description, at);
  }

  /** Where "keeps serving" windows start from, without a fault: the start of a load. */
  void measureFrom(Instant at, String description) {
    lastFault = new Fault(at, description); // one write: a reader never sees one without the other
  }

  Optional<Instant> lastFault() {
    Fault fault = lastFault;
    return fault == null ? Optional.empty() : Optional.of(fault.at());
  }

  String lastFaultDescription() {
    Fault fault = lastFault;
    return fault == null ? "the scenario started" : fault.description();
  }

  private record Fault(Instant at, String description) {}

  synchronized void remember(KillReceipt receipt) {
    kills.add(receipt);
  }

  /** The kills of this scenario; refused, saying what to do first, when there are none. */
  synchronized List<KillReceipt> requireKills() {
    if (kills.isEmpty()) {
      throw new dev.shakedown.ShakedownException(
          "no instance was killed in this scenario; kill one before checking its replacement");
    }
    return List.copyOf(kills);
  }
}
