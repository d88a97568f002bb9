package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.undo.Undo;
import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario has applied and not yet reverted, which {@link RevertHooks} reverts, and the
 * kills whose replacements its steps wait for. One per scenario, from the DI container.
 */
public final class ScenarioUndo {
  private final Undo undo;
  private final List<KillReceipt> kills = new ArrayList<>();
  private volatile boolean skipped;

  public ScenarioUndo(CurrentRun current) {
    this.undo = current.context().undo().scope();
  }

  Undo undo() {
    return undo;
  }

  synchronized void remember(KillReceipt receipt) {
    kills.add(receipt);
  }

  /** The kills of this scenario; refused, saying what to do first, when there are none. */
  synchronized List<KillReceipt> requireKills() {
    if (kills.isEmpty()) {
      throw new ShakedownException(
          "no instance was killed in this scenario; kill one before checking its replacement");
    }
    return List.copyOf(kills);
  }

  /** The scenario was skipped (the run had halted before it): it saw no halt of its own. */
  void skipped() {
    skipped = true;
  }

  boolean wasSkipped() {
    return skipped;
  }
}
