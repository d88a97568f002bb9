package dev.shakedown.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A cloud in a dry run: its real instances as listed once, then changed the way the plan would
 * change them, so that a later step sees what the real run would see (a killed instance is down
 * until the cloud is awaited whole again) and the blast radius refuses what a real run would
 * refuse. Every change is said to the planner instead of done.
 */
public final class PlannedFleet implements Fleet {
  private final Fleet listed;
  private final Consumer<String> planner;
  private List<Instance> simulated;
  private int replacements;

  /**
   * @param listed the cloud opened for listing only; nothing is asked of it but its instances
   */
  public PlannedFleet(Fleet listed, Consumer<String> planner) {
    this.listed = listed;
    this.planner = planner;
  }

  @Override
  public String cloud() {
    return listed.cloud();
  }

  @Override
  public synchronized List<Instance> instances() {
    if (simulated == null) {
      simulated = new ArrayList<>(listed.instances());
    }
    return List.copyOf(simulated);
  }

  @Override
  public synchronized void kill(Instance instance) {
    planner.accept("would kill " + instance.qualifiedId() + zone(instance));
    set(instance, InstanceState.TERMINATED);
  }

  @Override
  public synchronized void stop(Instance instance) {
    planner.accept("would stop " + instance.qualifiedId() + zone(instance));
    set(instance, InstanceState.STOPPED);
  }

  @Override
  public synchronized void start(Instance instance) {
    planner.accept("would start " + instance.qualifiedId() + " again");
    set(instance, InstanceState.RUNNING);
  }

  @Override
  public synchronized void reboot(Instance instance) {
    planner.accept("would reboot " + instance.qualifiedId() + zone(instance));
  }

  /** The plan assumes the cloud replaces what died: the real run checks that it does. */
  @Override
  public synchronized Duration awaitHealthy(int count, Duration timeout) {
    instances();
    List<Instance> gone =
        simulated.stream().filter(i -> i.state() == InstanceState.TERMINATED).toList();
    simulated.removeAll(gone);
    long running = simulated.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
    for (int i = 0; running < count; i++, running++) {
      // Made by what made the one it replaces (its group, its ReplicaSet): its labels and facts,
      // but an identity of its own.
      Instance replaced = i < gone.size() ? gone.get(i) : null;
      java.util.Map<String, String> facts =
          new java.util.LinkedHashMap<>(replaced == null ? java.util.Map.of() : replaced.facts());
      facts.put("uid", "planned-" + (replacements + 1));
      facts.remove("pid");
      simulated.add(
          new Instance(
              "replacement-" + ++replacements,
              cloud(),
              replaced == null ? "" : replaced.zone(),
              URI.create("http://0.0.0.0"),
              InstanceState.RUNNING,
              replaced == null ? java.util.Map.of() : replaced.labels(),
              java.util.Map.copyOf(facts)));
    }
    return Duration.ZERO;
  }

  @Override
  public boolean replacesKilled(Instance instance) {
    return listed.replacesKilled(instance);
  }

  @Override
  public String howKilled() {
    return listed.howKilled();
  }

  @Override
  public boolean restartsByStopping() {
    return listed.restartsByStopping();
  }

  @Override
  public boolean rollsOut() {
    return listed.rollsOut();
  }

  @Override
  public boolean rollOutTakesDown() {
    return listed.rollOutTakesDown();
  }

  @Override
  public void refuseKillOf(java.util.List<Instance> victims) {
    listed.refuseKillOf(victims);
  }

  @Override
  public String rollOut(Duration timeout, int maxDown, Runnable whileWaiting) {
    planner.accept(
        "would roll out a new revision in cloud "
            + cloud()
            + " as its platform paces it, "
            + (maxDown > 0 ? "at most " + maxDown + " down at once" : "taking none down")
            + ", and wait up to "
            + dev.shakedown.config.Durations.format(timeout)
            + " for it to finish");
    return "planned";
  }

  /** What the real cloud would need changed, or its refusal: asked of it, as a run would. */
  @Override
  public List<CloudChange> toHoldStop(Instance instance) {
    return listed.toHoldStop(instance);
  }

  @Override
  public List<CloudChange> toHoldZoneOutage(String zone) {
    return listed.toHoldZoneOutage(zone);
  }

  @Override
  public void apply(CloudChange change) {
    planner.accept("would first " + change.description());
  }

  @Override
  public String undo(CloudChange change) {
    return "would undo: " + change.description();
  }

  @Override
  public boolean outlivesRun() {
    return listed.outlivesRun();
  }

  @Override
  public void close() {
    listed.close();
  }

  private void set(Instance instance, InstanceState state) {
    instances();
    for (int i = 0; i < simulated.size(); i++) {
      Instance current = simulated.get(i);
      if (current.id().equals(instance.id())) {
        simulated.set(
            i,
            new Instance(
                current.id(),
                current.cloud(),
                current.zone(),
                current.address(),
                state,
                current.labels(),
                current.facts()));
      }
    }
  }

  private static String zone(Instance instance) {
    return instance.zone() == null || instance.zone().isEmpty()
        ? ""
        : " (zone " + instance.zone() + ")";
  }
}
