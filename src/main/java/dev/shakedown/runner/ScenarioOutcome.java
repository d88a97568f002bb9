package dev.shakedown.runner;

import java.time.Duration;
import java.util.List;

/**
 * How one scenario ended.
 *
 * @param message why it did not pass, secrets redacted; empty when it passed
 */
public record ScenarioOutcome(
    String name,
    String location,
    List<String> tags,
    Verdict verdict,
    String message,
    Duration duration) {

  public enum Verdict {
    PASSED,
    /** A check did not hold: exit 1. */
    FAILED,
    /** The scenario could not be run as written or against these targets: exit 2. */
    UNUSABLE,
    SKIPPED
  }
}
