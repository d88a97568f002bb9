package dev.shakedown.undo;

import dev.shakedown.ShakedownException;

/** Something could not be reverted and is still applied; the ledger keeps it for the sweep. */
public final class RevertFailedException extends ShakedownException {
  private static final long serialVersionUID = 1L;

  public RevertFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public RevertFailedException(String message) {
    super(message);
  }
}
