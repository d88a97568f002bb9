package dev.shakedown;

/**
 * A problem the user can fix: bad config, an unknown step, an unreachable target, a refused fault.
 * The run cannot be made, so it ends with exit code 2 and this message, never a stack trace.
 */
public class ShakedownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ShakedownException(String message) {
    super(message);
  }

  public ShakedownException(String message, Throwable cause) {
    super(message, cause);
  }
}
