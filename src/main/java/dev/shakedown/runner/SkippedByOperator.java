package dev.shakedown.runner;

import org.opentest4j.TestAbortedException;

/**
 * The operator skipped a step that disrupts. Cucumber marks the step, and the rest of its scenario,
 * skipped: the checks after it would judge a deployment nobody disrupted, and hold wrongly.
 */
public final class SkippedByOperator extends TestAbortedException {
  public SkippedByOperator(String step) {
    super("skipped by the operator at " + step + ": the checks after it were not made");
  }
}
