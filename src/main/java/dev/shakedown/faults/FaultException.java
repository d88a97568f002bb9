package dev.shakedown.faults;

import dev.shakedown.ShakedownException;

/**
 * A fault could not be applied, or was applied but cannot be seen in place: the run cannot go on.
 */
public final class FaultException extends ShakedownException {
  private static final long serialVersionUID = 1L;

  public FaultException(String message) {
    super(message);
  }

  public FaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
