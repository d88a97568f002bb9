package dev.shakedown.report;

import dev.shakedown.ShakedownException;

/** A report that cannot be made or checked, for a reason the user can fix (exit 2). */
public final class ReportException extends ShakedownException {
  public ReportException(String message) {
    super(message);
  }
}
