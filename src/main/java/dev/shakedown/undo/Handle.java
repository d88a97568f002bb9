package dev.shakedown.undo;

import java.time.Duration;
import java.util.Optional;

/**
 * A disruption in place until reverted (Testcontainers' {@code Startable} in reverse): a toxic, a
 * cut link, a stopped instance, a killed one awaiting its replacement, a wiped store, a process the
 * run started. Its ledger entry was written before it was applied.
 */
public interface Handle extends AutoCloseable {
  /** What it is, where: {@code stopped aws-eu/i-0a}. */
  String description();

  /** What the ledger recorded of it. */
  LedgerEntry entry();

  State state();

  /** When it was recorded, just before it was applied: how old a fault is, for a live view. */
  java.time.Instant since();

  /** Why the last revert failed, while it is {@link State#REVERT_FAILED}. */
  Optional<String> failure();

  /**
   * Undoes it and reads back that it is undone; a no-op once reverted or ended. Waits for an apply
   * still under way in another thread first (up to {@code waitForApply}), so nothing lands after
   * "reverted".
   *
   * @return what was done, as in {@code started again: running}
   * @throws RevertFailedException when it is still applied: the ledger keeps it open, and {@code
   *     shakedown sweep} finishes it
   */
  String revert(Duration waitForApply);

  default String revert() {
    return revert(Duration.ofSeconds(60));
  }

  /**
   * Closes it as ended without undoing: nothing is left to undo, because the thing is gone on its
   * own (a process that exited, an instance whose cloud ended with the run).
   */
  void end(String why);

  /** Reverts and never throws: a failure stays recorded in {@link #state()}. */
  @Override
  default void close() {
    try {
      revert();
    } catch (RevertFailedException kept) {
      // Still applied; its state and the ledger say so.
    }
  }

  enum State {
    /** Recorded, being applied. */
    APPLYING,
    APPLIED,
    /** Undone and read back. */
    REVERTED,
    /** Closed without undoing: nothing was left to undo. */
    ENDED,
    /** A revert was tried and it is still applied. */
    REVERT_FAILED;

    public boolean open() {
      return this == APPLYING || this == APPLIED || this == REVERT_FAILED;
    }
  }
}
