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

  /**
   * Kills these instances, each as {@link #kill} does, returning when {@link #kill} would (once the
   * cloud has taken the request; a BOSH fleet once the VMs are deleted). A cloud whose kill is slow
   * to take effect asks for them all at once, rather than one after another.
   */
  default void killAll(List<Instance> instances) {
    instances.forEach(this::kill);
  }

  /**
   * How a kill is done here, for the evidence: {@code hard: EC2 TerminateInstances, and its Auto
   * Scaling group replaces it}; empty when there is nothing more to say than "killed".
   */
  default String howKilled() {
    return "";
  }

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
   * How a rolling restart takes one instance away: by a stop and a start where the cloud can stop
   * one instance; where it cannot (Cloud Foundry), by a restart in place ({@link #reboot}).
   */
  default boolean restartsByStopping() {
    return true;
  }

  /**
   * Whether the cloud rolls out a new revision itself, at its own pace (a Cloud Foundry rolling
   * deployment); where it does not, a rollout is a rolling restart.
   */
  default boolean rollsOut() {
    return false;
  }

  /**
   * Whether its rollout takes instances down (a BOSH recreate, {@code maxDown} at a time), counted
   * against the blast radius while it runs; false where the platform starts each new instance
   * before it stops an old one (a Cloud Foundry rolling deployment).
   */
  default boolean rollOutTakesDown() {
    return true;
  }

  /**
   * Refuses, in one line, a kill of these instances together that the cloud would not undo though
   * it replaces each alone (a BOSH deployment pushed into the resurrector's meltdown). Asked before
   * anything is recorded or touched, in a dry run too.
   */
  default void refuseKillOf(List<Instance> victims) {}

  /**
   * Rolls out a new revision of what runs, awaited until the platform says it finished.
   *
   * @param maxDown how many instances it may take down at once (what the cloud's blast radius
   *     leaves): a platform that replaces instances in place is held to it; one that starts the new
   *     before it stops the old (Cloud Foundry) takes none down
   * @param whileWaiting run at each look: what it throws (the run halted) ends the wait at once;
   *     the platform's rollout goes on without us
   * @return what the platform reported, for the evidence
   * @throws FleetException with the platform's own status and reason when it failed, was cancelled
   *     or did not finish within {@code timeout}
   */
  default String rollOut(Duration timeout, int maxDown, Runnable whileWaiting) {
    throw new FleetException("cloud '" + cloud() + "' rolls out no revision of its own");
  }

  /**
   * Whether something brings {@code instance} back after a kill (its group, a supervisor). A kill
   * of one that nothing replaces would be permanent, and is refused.
   */
  default boolean replacesKilled(Instance instance) {
    return true;
  }

  /**
   * What must change in the cloud for a stop of {@code instance} to hold (a group that would
   * replace a stopped member): applied first, undone once the instance runs again. Throws, with the
   * reason in one line, when the cloud cannot let it be stopped.
   */
  default java.util.List<CloudChange> toHoldStop(Instance instance) {
    return java.util.List.of();
  }

  /**
   * What must change for an outage of {@code zone} to hold (a group that would launch straight back
   * into it). Throws, with the reason in one line, when the cloud cannot keep out of the zone.
   */
  default java.util.List<CloudChange> toHoldZoneOutage(String zone) {
    return java.util.List.of();
  }

  /** Applies a change this fleet asked for, and reads it back. */
  default void apply(CloudChange change) {
    throw new FleetException("cloud '" + cloud() + "' makes no change of kind " + change.kind());
  }

  /**
   * Undoes a change this fleet (or an earlier run's) applied, and reads it back.
   *
   * @return what was done, for the evidence
   */
  default String undo(CloudChange change) {
    throw new FleetException("cloud '" + cloud() + "' makes no change of kind " + change.kind());
  }

  /**
   * Waits until nothing the cloud was asked to do is still under way (a BOSH task queued or
   * processing: a stop draining, a VM's deletion), so that a sweep judges an instance as it will
   * stay, not as it looks before a change lands. Returns at once where the cloud's changes land
   * when asked.
   *
   * @throws FleetException naming what is still under way after {@code within}
   */
  default void awaitSettled(Duration within) {}

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
