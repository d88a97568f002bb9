package dev.shakedown.traffic;

/**
 * The deployment degraded past its halt floor: the scenario stops, its faults are reverted, and the
 * rest of the run is skipped. A failed check (exit 1), not an unusable run.
 */
public final class HaltedException extends AssertionError {
  private static final long serialVersionUID = 1L;

  public HaltedException(String message) {
    super(message);
  }
}
