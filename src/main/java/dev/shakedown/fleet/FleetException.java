package dev.shakedown.fleet;

import dev.shakedown.ShakedownException;

/** A fleet could not do what was asked: an instance would not start, an API refused. */
public class FleetException extends ShakedownException {
  private static final long serialVersionUID = 1L;

  public FleetException(String message) {
    super(message);
  }

  public FleetException(String message, Throwable cause) {
    super(message, cause);
  }
}
