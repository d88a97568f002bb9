package dev.shakedown.traffic;

import dev.shakedown.ShakedownException;

/**
 * The load generator could not send on schedule, so its figures say nothing about the deployment:
 * never a pass, never a verdict.
 */
public final class GeneratorFellBehindException extends ShakedownException {
  private static final long serialVersionUID = 1L;

  public GeneratorFellBehindException(String message) {
    super(message);
  }
}
