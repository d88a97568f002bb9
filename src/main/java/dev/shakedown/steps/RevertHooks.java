package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.faults.InjectedFault;
import dev.shakedown.fleet.FleetException;
import dev.shakedown.fleet.Instance;
import dev.shakedown.runner.ActiveRun;
import dev.shakedown.runner.RunContext;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import java.time.Duration;
import org.opentest4j.TestAbortedException;

/**
 * Puts back what a scenario broke, whatever happened in it: restarts what it stopped, waits for
 * each disrupted cloud to be whole again so the next scenario starts from a steady state, and stops
 * the monitor. After a halt, the scenarios still to come are skipped.
 */
public final class RevertHooks {
  private static final Duration WHOLE_AGAIN = Duration.ofSeconds(60);

  private final ScenarioState state;
  private final Evidence evidence;

  public RevertHooks(ScenarioState state, Evidence evidence) {
    this.state = state;
    this.evidence = evidence;
  }

  @Before(order = 1)
  public void skipAfterHalt() {
    ActiveRun.context()
        .halted()
        .ifPresent(
            reason -> {
              throw new TestAbortedException("skipped: the run " + reason);
            });
  }

  // Runs before the evidence hook (order 0), so the evidence records the revert too.
  @After(order = 100)
  public void revert() {
    RunContext run = ActiveRun.context();
    if (run.planning()) {
      return; // a dry run touched nothing
    }
    state
        .monitor()
        .ifPresent(
            monitor -> {
              monitor.close();
              evidence.timeline(
                  "probes of the deployment",
                  Timelines.ofProbes(
                      monitor.started(),
                      monitor.window(monitor.started(), java.time.Instant.now()).results()));
            });
    state
        .load()
        .ifPresent(
            load -> {
              load.run().cancel();
              load.generator().close();
            });
    state.stopExpiries();
    state.removeScratch(run::stopProcess);
    for (InjectedFault fault : state.faults()) {
      if (fault.active()) {
        fault.close();
        evidence.event("reverted: " + fault.description());
      }
    }
    for (Instance instance : state.stopped()) {
      run.disruptions().start(instance);
      run.faultReverted(state.started(instance));
      evidence.event("reverted: started " + instance.qualifiedId() + " again");
    }
    if (run.halted().isPresent()) {
      return; // halting is about stopping fast: no waiting for replacements
    }
    for (var entry : state.sizesBefore().entrySet()) {
      try {
        Duration took =
            run.disruptions().fleet(entry.getKey()).awaitHealthy(entry.getValue(), WHOLE_AGAIN);
        evidence.event(
            "cloud "
                + entry.getKey()
                + " is whole again ("
                + entry.getValue()
                + " instances) after "
                + took.toMillis()
                + " ms more");
      } catch (FleetException e) {
        evidence.event("cloud " + entry.getKey() + " is not whole again: " + e.getMessage());
        throw e;
      }
    }
  }
}
