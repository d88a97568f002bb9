package dev.shakedown.compliance;

/**
 * A control that does not hold: a failed check like any other (exit 1), of its own kind so that
 * reports can tell compliance failures from resilience failures (Allure's categories match it).
 */
public final class ControlFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  public ControlFailure(String message) {
    super(message);
  }
}
