package dev.shakedown.runner;

import java.util.List;

/** A scenario as a dry run resolved it: where it is, and each step with what it would do. */
public record PlannedScenario(String name, String location, List<String> tags, List<Step> steps) {

  /**
   * @param actions what the step would do against the real targets ("would kill cloud-a/cloud-a-1")
   */
  public record Step(String text, List<String> actions) {}
}
