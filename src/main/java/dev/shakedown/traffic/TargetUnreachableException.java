package dev.shakedown.traffic;

import dev.shakedown.ShakedownException;

/** Nothing answers where the config says the deployment is: the run cannot be made (exit 2). */
public final class TargetUnreachableException extends ShakedownException {
  private static final long serialVersionUID = 1L;

  public TargetUnreachableException(String message) {
    super(message);
  }
}
