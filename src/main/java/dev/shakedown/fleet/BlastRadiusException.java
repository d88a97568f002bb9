package dev.shakedown.fleet;

import dev.shakedown.ShakedownException;

/**
 * A step would take down more than the cloud's config allows; refused before anything was touched.
 */
public final class BlastRadiusException extends ShakedownException {
  private static final long serialVersionUID = 1L;

  public BlastRadiusException(String message) {
    super(message);
  }
}
