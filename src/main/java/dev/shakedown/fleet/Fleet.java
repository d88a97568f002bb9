package dev.shakedown.fleet;

import java.time.Duration;
import java.util.List;

/**
 * The instances of one cloud and what can be done to them. One implementation per kind of cloud,
 * found through {@link FleetProvider}; steps see only this interface.
 */
public interface Fleet extends AutoCloseable {
  String cloud();

  /** The instances as they are now, in a stable order. */
  List<Instance> instances();

  /** Hard failure: terminate, SIGKILL, delete the pod. Cannot be undone; the group replaces it. */
  void kill(Instance instance);

  /** Graceful stop that {@link #start} can undo. */
  void stop(Instance instance);

  void start(Instance instance);

  /**
   * Restarts in place, keeping the instance: EC2's reboot, Compute Engine's reset, a stop and start
   * of a local process. Returns once the cloud has taken the request.
   */
  void reboot(Instance instance);

  /**
   * Waits until at least {@code count} instances serve.
   *
   * @return how long it took
   * @throws FleetException when they do not within {@code timeout}
   */
  Duration awaitHealthy(int count, Duration timeout);

  /**
   * Whether its instances exist apart from this run: true for a cloud's API; false for the local
   * provider, whose instances are the run's own processes and end with it.
   */
  default boolean outlivesRun() {
    return true;
  }

  /** Releases what the fleet holds; for the local provider, stops the processes it started. */
  @Override
  void close();
}
