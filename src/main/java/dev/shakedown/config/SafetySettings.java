package dev.shakedown.config;

import java.time.Duration;

@Doc("What a run may do to this cloud, and when it must stop.")
public record SafetySettings(
    @Doc(
            value =
                "Most instances of this cloud that may be down at once; a step that would take more down is refused before it acts. Default 1.",
            min = 0,
            example = "1")
        Integer maxInstancesDown,
    @Doc(
            value =
                "Halt the run when the deployment's success rate stays under this for 'haltAfter'. Default 50%.",
            example = "50%")
        Percentage haltBelow,
    @Doc(
            value =
                "How long the success rate must stay under 'haltBelow' before the run halts. Default 10s.",
            example = "10s")
        Duration haltAfter,
    @Doc(
            value =
                "How long a revert may wait for this cloud to serve whole again (a replacement launched, booted and healthy, a stopped instance serving). Default 10 minutes.",
            example = "10 minutes")
        Duration revertTimeout) {

  public static final SafetySettings DEFAULTS = new SafetySettings(null, null, null, null);

  public SafetySettings {
    maxInstancesDown = maxInstancesDown == null ? 1 : maxInstancesDown;
    haltBelow = haltBelow == null ? new Percentage(50) : haltBelow;
    haltAfter = haltAfter == null ? Duration.ofSeconds(10) : haltAfter;
    revertTimeout = revertTimeout == null ? Duration.ofMinutes(10) : revertTimeout;
    if (haltAfter.isZero()) {
      throw new IllegalArgumentException(
          "safety.haltAfter is 0; give the deployment at least a second, e.g. 10s");
    }
    if (revertTimeout.isZero() || revertTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "safety.revertTimeout is 0; a revert needs time to see the cloud serve whole again, e.g. 10m");
    }
  }
}
