package dev.shakedown.api;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Percentage;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.traffic.ProbeSample;
import dev.shakedown.traffic.ServingVerdict;
import dev.shakedown.traffic.SteadyState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deployment watched in the background from a steady state: every probe kept, planned sends
 * included, so that a window the monitor could not watch has no verdict rather than a good one.
 */
public final class Watch implements AutoCloseable {
  private final Monitor monitor;
  private final ProbeSample steadyState;
  private final Supplier<Since> lastFault;

  /** The last fault applied through the API, if any, in words. */
  record Since(Optional<Instant> at, String description) {}

  private Watch(Monitor monitor, ProbeSample steadyState, Supplier<Since> lastFault) {
    this.monitor = monitor;
    this.steadyState = steadyState;
    this.lastFault = lastFault;
  }

  static Watch start(RunContext context, Supplier<Since> lastFault) {
    ProbeSample steady = SteadyState.verify(context.probeTargets(), context::halted);
    return new Watch(context.startMonitor(), steady, lastFault);
  }

  /** The probes of the steady state, before the watch began. */
  public ProbeSample steadyState() {
    return steadyState;
  }

  /**
   * Whether at least {@code floor} of the probes succeeded in the {@code duration} after the last
   * fault applied through the API (after now, if none): waits until that window is over.
   */
  public ServingVerdict keepsServing(Duration duration, Percentage floor) {
    Since since = lastFault.get();
    Instant from = since.at().orElse(Instant.now());
    if (from.isBefore(monitor.started())) {
      // The probes before the watch began were never made: a window over them would be judged on
      // its watched part alone.
      throw new ShakedownException(
          "the watch began at "
              + monitor.started()
              + ", after "
              + since.description()
              + " at "
              + from
              + ": the window after it was not watched in full; call watch() before applying the"
              + " fault");
    }
    return monitor.servingBetween(
        from,
        from.plus(duration),
        floor,
        "in the " + Durations.format(duration) + " after " + since.description());
  }

  /** Whether at least {@code floor} of the probes succeeded since the watch began. */
  public ServingVerdict throughout(Percentage floor) {
    Instant from = monitor.started();
    Instant to = Instant.now();
    String when = "throughout the watch (" + Durations.format(Duration.between(from, to)) + ")";
    return monitor.servingBetween(from, to, floor, when);
  }

  /** Why the watch stopped early (the run's halt condition tripped), if it did. */
  public Optional<String> halted() {
    return monitor.halted();
  }

  /** The run halted: a wait on this watch ends at once, with the reason. */
  void halt(String reason) {
    monitor.halt(reason);
  }

  @Override
  public void close() {
    monitor.close();
  }
}
