package dev.shakedown.runner;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one hand-off point between the runner and what Cucumber instantiates by class name (step
 * definitions, plugins), which cannot be given constructor arguments. Set for exactly the span of
 * one Launcher execution; a second run in the same JVM while one is active is refused rather than
 * silently sharing state.
 */
public final class ActiveRun {
  private static final AtomicReference<Active> ACTIVE = new AtomicReference<>();

  private ActiveRun() {}

  /** The context of the running scenario's run. */
  public static RunContext context() {
    Active active = ACTIVE.get();
    if (active == null || active.context == null) {
      throw new IllegalStateException(
          "no Shakedown run is active: Shakedown's step definitions run under 'shakedown run' or ShakedownRunner");
    }
    return active.context;
  }

  static Observations observations() {
    Active active = ACTIVE.get();
    if (active == null) {
      throw new IllegalStateException(
          "RunObserver is a Shakedown plugin; it runs only under ShakedownRunner");
    }
    return active.observations;
  }

  static Scope open(RunContext context, Observations observations) {
    Active active = new Active(context, observations);
    if (!ACTIVE.compareAndSet(null, active)) {
      throw new IllegalStateException(
          "another Shakedown run is active in this JVM; runs do not nest");
    }
    return () -> ACTIVE.compareAndSet(active, null);
  }

  /** Ends the active span; never throws. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private record Active(RunContext context, Observations observations) {}
}
