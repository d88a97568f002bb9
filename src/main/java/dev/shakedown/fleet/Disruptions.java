package dev.shakedown.fleet;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.Percentage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kills, stops and restarts instances within each cloud's blast radius ({@code
 * safety.maxInstancesDown}). Every request is checked in full, for every cloud it touches, before
 * the first instance is touched: a refused step leaves the deployment as it was.
 */
public final class Disruptions {
  private final Map<String, Fleet> fleets;
  private final Map<String, Cloud> clouds;
  private final java.util.function.Consumer<String> planner;

  /**
   * @param planner in a dry run, told what would be done instead of doing it; null to act
   */
  public Disruptions(
      Map<String, Fleet> fleets,
      Map<String, Cloud> clouds,
      java.util.function.Consumer<String> planner) {
    this.fleets = fleets;
    this.clouds = clouds;
    this.planner = planner;
  }

  public boolean planning() {
    return planner != null;
  }

  /** Stops one instance gracefully (SIGTERM, an API stop), or in a dry run says it would. */
  public void stop(Instance instance) {
    if (planning()) {
      planner.accept("would stop " + instance.qualifiedId() + " (zone " + instance.zone() + ")");
      return;
    }
    fleet(instance.cloud()).stop(instance);
  }

  /** Restarts in place (reboot, reset), or in a dry run says it would. */
  public void reboot(Instance instance) {
    if (planning()) {
      planner.accept("would reboot " + instance.qualifiedId() + " (zone " + instance.zone() + ")");
      return;
    }
    fleet(instance.cloud()).reboot(instance);
  }

  /** Starts a stopped instance again and waits until it serves, or in a dry run says it would. */
  public void start(Instance instance) {
    if (planning()) {
      planner.accept("would start " + instance.qualifiedId() + " again");
      return;
    }
    fleet(instance.cloud()).start(instance);
  }

  /** The {@code count} instances a kill in {@code cloud} would hit: the running ones, in order. */
  public List<Instance> victims(String cloud, int count) {
    List<Instance> running = running(cloud);
    if (count > running.size()) {
      throw new BlastRadiusException(
          "cloud '"
              + cloud
              + "' has "
              + running.size()
              + " running instances; cannot kill "
              + count);
    }
    return running.subList(0, count);
  }

  /** {@code share} of the running instances of {@code cloud}, rounded up: 50% of 3 is 2. */
  public int shareOf(String cloud, Percentage share) {
    int running = running(cloud).size();
    return (int) Math.ceil(running * share.fraction() - 1e-9);
  }

  public List<Instance> running(String cloud) {
    return fleet(cloud).instances().stream()
        .filter(i -> i.state() == InstanceState.RUNNING)
        .toList();
  }

  /**
   * Refuses, naming the limit and where it is set, if taking {@code victims} down would exceed it.
   */
  public void checkBlastRadius(String cloud, List<Instance> victims) {
    Fleet fleet = fleet(cloud);
    long alreadyDown =
        fleet.instances().stream().filter(i -> i.state() != InstanceState.RUNNING).count();
    long down = alreadyDown + victims.size();
    int limit = clouds.get(cloud).settings().safety().maxInstancesDown();
    if (down > limit) {
      throw new BlastRadiusException(
          "refused: this would take "
              + down
              + " instances of cloud '"
              + cloud
              + "' down at once"
              + (alreadyDown > 0 ? " (" + alreadyDown + " already are)" : "")
              + ", over its blast radius safety.maxInstancesDown = "
              + limit
              + " ("
              + clouds.get(cloud).location()
              + "); raise the limit there or take fewer down. Nothing was touched.");
    }
  }

  /** Kills the given instances of each cloud, after checking every cloud's blast radius. */
  public List<KillReceipt> kill(Map<String, List<Instance>> victimsByCloud) {
    victimsByCloud.forEach(this::checkBlastRadius);
    List<KillReceipt> receipts = new ArrayList<>();
    for (var entry : new LinkedHashMap<>(victimsByCloud).entrySet()) {
      Fleet fleet = fleet(entry.getKey());
      int before = fleet.instances().size();
      Instant at = Instant.now();
      for (Instance victim : entry.getValue()) {
        if (planning()) {
          planner.accept("would kill " + victim.qualifiedId() + " (zone " + victim.zone() + ")");
        } else {
          fleet.kill(victim);
        }
      }
      receipts.add(new KillReceipt(entry.getKey(), entry.getValue(), before, at, Instant.now()));
    }
    return receipts;
  }

  /**
   * Waits until the cloud has {@code receipt.before()} running instances again, none of them one
   * that was killed.
   *
   * @return the time from the kill to the replacement, or empty if the timeout passed first
   */
  public java.util.Optional<Duration> awaitReplacement(
      KillReceipt receipt, Duration timeout, Runnable whileWaiting) {
    Fleet fleet = fleet(receipt.cloud());
    Instant deadline = receipt.at().plus(timeout);
    List<String> killedIds = receipt.killed().stream().map(Instance::id).toList();
    while (Instant.now().isBefore(deadline)) {
      whileWaiting.run();
      List<Instance> running = running(receipt.cloud());
      if (running.size() >= receipt.before()
          && running.stream().noneMatch(i -> killedIds.contains(i.id()))) {
        try {
          fleet.awaitHealthy(receipt.before(), Duration.ofMillis(200));
          return java.util.Optional.of(Duration.between(receipt.at(), Instant.now()));
        } catch (FleetException notYet) {
          // Running but not answering yet.
        }
      }
      sleep(50);
    }
    return java.util.Optional.empty();
  }

  public Fleet fleet(String cloud) {
    Fleet fleet = fleets.get(cloud);
    if (fleet == null) {
      throw new dev.shakedown.ShakedownException(
          "no cloud named '"
              + cloud
              + "'; the config names: "
              + String.join(", ", fleets.keySet()));
    }
    return fleet;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted", e);
    }
  }
}
