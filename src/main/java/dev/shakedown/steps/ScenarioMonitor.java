package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.traffic.Monitor;
import java.util.Optional;

/** The background monitor "the deployment is serving" starts, for the steps that read it. */
public final class ScenarioMonitor {
  private volatile Monitor monitor;
  private volatile boolean planned;

  Optional<Monitor> current() {
    return Optional.ofNullable(monitor);
  }

  void started(Monitor monitor) {
    this.monitor = monitor;
  }

  /** In a dry run: a real run would have a monitor by now. */
  void planned() {
    planned = true;
  }

  /**
   * The monitor; steps that read it need it. In a dry run, null once that step was planned, and
   * refused as in a real run before.
   */
  Monitor require(String step) {
    if (monitor == null && !planned) {
      throw new ShakedownException(
          "'"
              + step
              + "' reads the background monitor, which 'Given the deployment is serving' starts; add that step before it");
    }
    return monitor;
  }
}
