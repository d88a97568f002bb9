package dev.shakedown.runner;

/** The process exit codes, as DESIGN.md and the README state them. */
public enum ExitCode {
  /** Every scenario held. */
  PASSED(0),
  /** A resilience or compliance check did not hold. */
  FAILED(1),
  /** The run could not be made: bad config, unknown step, unreachable target, refused fault. */
  UNUSABLE(2),
  /** Interrupted, after reverting everything. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
