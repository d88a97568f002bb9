package dev.shakedown.runner;

import org.opentest4j.TestAbortedException;

/**
 * The operator skipped a step that disrupts. Cucumber marks the step, and the rest of its scenario,
 * skipped: the checks after it would judge a deployment nobody disrupted, and hold wrongly.
 */
public final class SkippedByOperator extends TestAbortedException {
  public SkippedByOperator(String step) {
    this(step, "skipped by the operator");
  }

  /** Skipped for the operator: their go came too late for what the step was timed with. */
  public SkippedByOperator(String step, String why) {
    super(why + " at " + step + ": the checks after it were not made");
  }
}
