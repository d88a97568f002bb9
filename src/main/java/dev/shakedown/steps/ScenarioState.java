package dev.shakedown.steps;

import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.traffic.Monitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario has started and broken, shared by its steps and reverted by {@link
 * RevertHooks}. One instance per scenario, from the DI container.
 */
public final class ScenarioState {
  private Monitor monitor;
  private Instant lastFault;
  private String lastFaultDescription;
  private final List<KillReceipt> kills = new ArrayList<>();
  private final List<Instance> stopped = new ArrayList<>();
  private final Map<String, Integer> sizesBefore = new LinkedHashMap<>();

  Optional<Monitor> monitor() {
    return Optional.ofNullable(monitor);
  }

  void monitor(Monitor monitor) {
    this.monitor = monitor;
  }

  /** The monitor, which "the deployment is serving" starts; steps that read it need it. */
  Monitor requireMonitor(String step) {
    if (monitor == null) {
      throw new dev.shakedown.ShakedownException(
          "'"
              + step
              + "' reads the background monitor, which 'Given the deployment is serving' starts; add that step before it");
    }
    return monitor;
  }

  void faultApplied(Instant at, String description) {
    lastFault = at;
    lastFaultDescription = description;
  }

  Optional<Instant> lastFault() {
    return Optional.ofNullable(lastFault);
  }

  String lastFaultDescription() {
    return lastFaultDescription == null ? "the scenario started" : lastFaultDescription;
  }

  void remember(KillReceipt receipt) {
    kills.add(receipt);
    sizesBefore.putIfAbsent(receipt.cloud(), receipt.before());
  }

  List<KillReceipt> kills() {
    return List.copyOf(kills);
  }

  void stopped(Instance instance, int cloudSize) {
    stopped.add(instance);
    sizesBefore.putIfAbsent(instance.cloud(), cloudSize);
  }

  void started(Instance instance) {
    stopped.removeIf(i -> i.id().equals(instance.id()) && i.cloud().equals(instance.cloud()));
  }

  List<Instance> stopped() {
    return List.copyOf(stopped);
  }

  /** Clouds this scenario disrupted, with their size before: what the revert restores. */
  Map<String, Integer> sizesBefore() {
    return Map.copyOf(sizesBefore);
  }
}
