package dev.shakedown.fleet;

import dev.shakedown.config.Redactor;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;

/**
 * What a run lends its fleets.
 *
 * @param logDirectory where instances started by the harness write their output
 * @param undo where a fleet records the processes it starts, so that a run that dies does not leave
 *     them running
 */
public record FleetContext(Path logDirectory, Redactor redactor, Mode mode, Undo undo) {

  /** Why the cloud is opened. */
  public enum Mode {
    /** For a run: a local cloud starts its instances. */
    RUN,
    /** For a dry run: list what there is (or would be); start and change nothing. */
    PLAN,
    /** For a sweep: reach the cloud's API to undo what a dead run left; start nothing. */
    SWEEP
  }

  /** Outside a run (a test): nothing recorded. */
  public FleetContext(Path logDirectory, Redactor redactor, boolean dryRun) {
    this(logDirectory, redactor, dryRun ? Mode.PLAN : Mode.RUN, Undo.discarding());
  }

  public boolean dryRun() {
    return mode == Mode.PLAN;
  }
}
