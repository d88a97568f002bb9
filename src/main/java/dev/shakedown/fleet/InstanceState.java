package dev.shakedown.fleet;

/**
 * Where an instance is in its life, as its cloud's API says it, mapped by each provider from the
 * API's own states (each provider cites them). Only {@link #RUNNING} serves; every other state
 * counts as down against the blast radius.
 */
public enum InstanceState {
  /** Launching or booting: EC2 pending, Compute PROVISIONING/STAGING, a group's Pending. */
  STARTING,
  RUNNING,
  /** On its way to stopped: EC2 stopping, Compute STOPPING/SUSPENDING; it cannot be started yet. */
  STOPPING,
  /** Stopped, and can be started: EC2 stopped, Compute TERMINATED/SUSPENDED. */
  STOPPED,
  /** On its way out: EC2 shutting-down, a group member draining or terminating. */
  TERMINATING,
  /** Gone: it is not coming back. */
  TERMINATED
}
