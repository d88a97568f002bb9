package dev.shakedown.compliance;

import dev.shakedown.ShakedownException;

/** A check that could not be made against these targets (exit 2), as opposed to one that failed. */
public final class ComplianceException extends ShakedownException {
  public ComplianceException(String message) {
    super(message);
  }
}
