package dev.shakedown.fleet;

public enum InstanceState {
  STARTING,
  RUNNING,
  STOPPED,
  TERMINATED
}
