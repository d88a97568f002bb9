package dev.shakedown.steps;

import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.RunningLoad;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.RevertFailedException;
import dev.shakedown.undo.Reverts;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import java.time.Instant;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Puts back what a scenario broke, whatever happened in it: every handle it opened is reverted and
 * read back, each on its own (a stopped instance is started again, a cut link enabled, a killed
 * instance's cloud awaited whole, so the next scenario starts from a steady state). What cannot be
 * reverted stays applied and makes the scenario an error that says so. After a halt, the scenarios
 * still to come are skipped.
 */
public final class RevertHooks {
  private final CurrentRun current;
  private final ScenarioUndo undo;
  private final ScenarioTimer timer;
  private final ScenarioLoad load;
  private final ScenarioMonitor monitor;
  private final BackupState backups;
  private final Evidence evidence;

  public RevertHooks(
      ScenarioUndo undo,
      ScenarioTimer timer,
      ScenarioLoad load,
      ScenarioMonitor monitor,
      BackupState backups,
      Evidence evidence,
      CurrentRun current) {
    this.current = current;
    this.undo = undo;
    this.timer = timer;
    this.load = load;
    this.monitor = monitor;
    this.backups = backups;
    this.evidence = evidence;
  }

  @Before(order = 1)
  public void skipAfterHalt() {
    current
        .context()
        .halted()
        .ifPresent(
            reason -> {
              undo.skipped();
              throw new TestAbortedException("skipped: the run " + reason);
            });
  }

  // Runs before the evidence hook (order 0), so the evidence records the revert too.
  @After(order = 100)
  public void revert() {
    RunContext run = current.context();
    List<String> missed = timer.neverHappened(Instant.now());
    stopWhatRuns(); // in a dry run only the timer, which the planned faults' expiries are on
    // After a halt, what can be put back is, at once; waiting for a cloud to replace what was
    // killed is left to the run's end (or the sweep): halting is about stopping fast.
    Reverts reverts =
        run.halted().isPresent()
            ? undo.undo().revertAll(handle -> !awaitsReplacement(handle))
            : undo.undo().revertAll();
    if (run.planning()) {
      return; // a dry run applied nothing; its planned clouds are whole again for the next one
    }
    reverts.reverted().forEach(line -> evidence.event("reverted: " + line));
    for (String line : reverts.left()) {
      evidence.event("revert failed: " + line + "; still applied");
    }
    java.util.Optional<String> broken = monitor.current().flatMap(m -> m.broken());
    if (!reverts.complete()) {
      throw new RevertFailedException(
          "still applied after the scenario, as it could not be reverted: "
              + String.join("; ", reverts.left())
              + ". Run shakedown sweep --reports "
              + run.directory().getParent()
              + " to finish it once that is fixed");
    }
    if (broken.isPresent()) {
      throw new dev.shakedown.ShakedownException(broken.get());
    }
    failWhatDidNotHold(run, missed);
  }

  /**
   * A scenario does not pass on what it did not do: a disruption scheduled for later that the
   * scenario's end cut short, or a halt that no step was watching for, fails it.
   */
  private void failWhatDidNotHold(RunContext run, List<String> missed) {
    if (undo.wasSkipped()) {
      return;
    }
    run.halted()
        .ifPresent(
            reason -> {
              throw new dev.shakedown.traffic.HaltedException(reason);
            });
    if (!missed.isEmpty()) {
      throw new AssertionError(String.join("; ", missed));
    }
  }

  private void stopWhatRuns() {
    monitor
        .current()
        .ifPresent(
            watching -> {
              watching.close();
              evidence.timeline(
                  "probes of the deployment",
                  Timelines.ofProbes(
                      watching.started(),
                      watching.window(watching.started(), Instant.now()).results()));
            });
    load.current().ifPresent(RunningLoad::close);
    timer.stop();
    backups.removeScratch(current.context()::stopProcess);
  }

  private static boolean awaitsReplacement(Handle handle) {
    return handle.entry() instanceof LedgerEntry.InstancesKilled
        || handle.entry() instanceof LedgerEntry.InstanceRebooted;
  }
}
