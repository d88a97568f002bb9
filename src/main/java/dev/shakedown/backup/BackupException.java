package dev.shakedown.backup;

import dev.shakedown.ShakedownException;

/** A backup store that cannot be read, or a backup that cannot be opened (exit 2). */
public final class BackupException extends ShakedownException {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
