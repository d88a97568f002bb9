package dev.shakedown.report;

import java.util.List;

/**
 * How one scenario ended, as the reports tell it.
 *
 * @param verdict PASSED, FAILED (a check did not hold), ERROR (could not be run as written or
 *     against these targets) or SKIPPED
 * @param message why it did not pass, secrets redacted; empty when it passed
 */
public record ScenarioResult(
    String name,
    String location,
    List<String> tags,
    String verdict,
    String message,
    long durationMillis) {

  static final String CONTROL_TAG = "@control:";

  /** The controls this scenario is evidence for: its {@code @control:<ID>} tags. */
  public List<String> controls() {
    return controls(tags);
  }

  public static List<String> controls(List<String> tags) {
    return tags.stream()
        .filter(t -> t.startsWith(CONTROL_TAG))
        .map(t -> t.substring(CONTROL_TAG.length()))
        .sorted()
        .toList();
  }
}
