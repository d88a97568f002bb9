package dev.shakedown.fleet;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Cloud;
import dev.shakedown.config.Durations;
import dev.shakedown.config.NonSecretSettings;
import dev.shakedown.config.Percentage;
import dev.shakedown.config.Redactor;
import dev.shakedown.evidence.Measure;
import dev.shakedown.evidence.Verdict;
import dev.shakedown.poll.Poll;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Kills, stops and reboots instances within each cloud's blast radius ({@code
 * safety.maxInstancesDown}), each as a {@link Handle} whose ledger entry is written before it is
 * applied. Every request is checked in full, for every cloud it touches, before the first instance
 * is touched: a refused step leaves the deployment as it was.
 *
 * <p>What is down counts everything this run has taken down and not yet had back, even where a
 * cloud's listing no longer shows it (EC2 hides a terminated instance; a group shows its
 * replacement as pending): from the first disruption of a cloud until every one of them is
 * reverted, the cloud is measured against its size at that first disruption.
 */
public final class Disruptions {
  private final Map<String, Fleet> fleets;
  private final Map<String, Cloud> clouds;
  private final Redactor redactor;
  private final Map<String, Integer> baseline = new HashMap<>();
  private final Map<String, List<Opened>> openByCloud = new HashMap<>();
  // Instances a step is taking down right now, counted before its handle exists.
  private final Map<String, Integer> reserved = new HashMap<>();
  // Changes that hold a disruption (a group's health checks suspended), shared by key: the first
  // disruption that needs one applies it, the revert of the last one to need it undoes it.
  private final Map<String, Handle> guards = new HashMap<>();

  public Disruptions(Map<String, Fleet> fleets, Map<String, Cloud> clouds, Redactor redactor) {
    this.fleets = Map.copyOf(fleets);
    this.clouds = clouds;
    this.redactor = redactor;
  }

  /**
   * Stops one instance gracefully (SIGTERM, an API stop); its revert starts it again and waits
   * until it serves. What the cloud needs changed for the stop to hold (a group that would replace
   * a stopped member) is applied first, as handles the stop needs: kept while any stop needs them,
   * undone with the revert of the last.
   */
  public Handle stop(Undo scope, Instance instance) {
    String cloud = instance.cloud();
    Fleet fleet = fleet(cloud);
    List<CloudChange> holding = fleet.toHoldStop(instance); // may refuse, before anything is done
    checkBlastRadius(cloud, List.of(instance));
    return scope.disrupting(
        "stop " + instance.qualifiedId(),
        () -> {
          reserve(Map.of(cloud, List.of(instance)));
          List<Handle> held = new ArrayList<>();
          try {
            for (CloudChange change : holding) {
              held.add(guard(scope, cloud, fleet, change));
            }
          } catch (RuntimeException e) {
            synchronized (this) {
              reserved.merge(cloud, -1, Integer::sum);
            }
            throw e; // a change applied so far stays open in the scope, which reverts it
          }
          return opened(
              cloud,
              1,
              () ->
                  scope.apply(
                      new LedgerEntry.InstanceStopped(
                          "stopped " + instance.qualifiedId(),
                          ref(cloud),
                          instance.id(),
                          instance.zone()),
                      !fleet.outlivesRun(),
                      held,
                      () -> fleet.stop(instance),
                      () -> {
                        fleet.start(instance);
                        InstanceState now = stateOf(fleet, instance.id());
                        if (now != InstanceState.RUNNING) {
                          throw new FleetException(
                              instance.qualifiedId()
                                  + " is "
                                  + lower(now)
                                  + " after it was started");
                        }
                        return "started again: running";
                      }));
        });
  }

  /** One instance of a rolling restart: how long it was away, from its stop to serving again. */
  public record Restart(Instance instance, Duration took) {}

  /** What a rolling restart tells as it goes. */
  public interface RestartSteps {
    /** Before {@code instance} goes down; throwing here (the run halted) ends the restart. */
    void stopping(Instance instance);

    void restarted(Restart restart);

    static RestartSteps of(
        java.util.function.Consumer<Instance> stopping,
        java.util.function.Consumer<Restart> restarted) {
      return new RestartSteps() {
        @Override
        public void stopping(Instance instance) {
          stopping.accept(instance);
        }

        @Override
        public void restarted(Restart restart) {
          restarted.accept(restart);
        }
      };
    }
  }

  /**
   * Restarts the running instances of {@code cloud} one at a time: each stopped, then started and
   * awaited until it serves, before the next goes down; so only one is ever away, which the blast
   * radius is checked for first.
   */
  public List<Restart> rollingRestart(Undo scope, String cloud, RestartSteps steps) {
    List<Instance> instances = running(cloud);
    checkBlastRadius(cloud, instances.subList(0, Math.min(1, instances.size())));
    List<Restart> restarts = new ArrayList<>();
    for (Instance instance : instances) {
      steps.stopping(instance);
      Instant start = Instant.now();
      // Its revert is the start (or the wait for the cloud whole again, after a restart in place),
      // awaited until it serves: a revert that fails stays in the scope.
      (fleet(cloud).restartsByStopping() ? stop(scope, instance) : reboot(scope, instance))
          .revert();
      Restart restart = new Restart(instance, Duration.between(start, Instant.now()));
      steps.restarted(restart);
      restarts.add(restart);
    }
    return restarts;
  }

  /**
   * Rolls out a new revision in {@code cloud}: as its platform paces it where it has its own
   * rollout, held to what the blast radius leaves (a BOSH recreate takes that many down at once; a
   * Cloud Foundry rolling deployment starts each new instance before it stops an old one), else as
   * a rolling restart, one instance at a time. A platform's rollout is recorded before it starts,
   * as instances taken down that the cloud must have whole again: a run that dies mid-rollout
   * leaves its sweep that wait.
   *
   * @return what was done, for the evidence
   */
  public String rollOut(Undo scope, String cloud, RestartSteps steps, Runnable whileWaiting) {
    Fleet fleet = fleet(cloud);
    if (fleet.rollsOut()) {
      List<Instance> all = fleet.instances();
      int allowed = allowedDown(cloud, fleet, all);
      return scope.disrupting(
          "roll out a new revision in cloud " + cloud,
          () -> {
            reserve(Map.of(cloud, all.subList(0, allowed)));
            // Whole again once as many serve as did before it: what other disruptions hold
            // down stays theirs to bring back.
            int size = (int) all.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
            String[] said = {""};
            Handle handle =
                opened(
                    cloud,
                    allowed,
                    () ->
                        scope.apply(
                            new LedgerEntry.InstancesKilled(
                                "rolling out a new revision in cloud "
                                    + cloud
                                    + (allowed > 0
                                        ? ", at most " + allowed + " down at once"
                                        : ", new instances before old ones go"),
                                ref(cloud),
                                all.stream().map(Instance::id).toList(),
                                size),
                            !fleet.outlivesRun(),
                            () ->
                                said[0] =
                                    fleet.rollOut(
                                        clouds.get(cloud).settings().safety().revertTimeout(),
                                        allowed,
                                        whileWaiting),
                            () -> whole(cloud, size)));
            handle.revert();
            return said[0];
          });
    }
    int restarted = rollingRestart(scope, cloud, steps).size();
    return "a rolling restart, one instance at a time: " + restarted + " restarted";
  }

  /**
   * Refuses a rollout of {@code cloud} that its blast radius would not allow, before anything is
   * touched (and before an operator is asked to let it go).
   */
  public void checkRollOut(String cloud) {
    Fleet fleet = fleet(cloud);
    if (fleet.rollsOut()) {
      allowedDown(cloud, fleet, fleet.instances());
    } else {
      List<Instance> instances = running(cloud);
      checkBlastRadius(cloud, instances.subList(0, Math.min(1, instances.size())));
    }
  }

  /** How many instances a platform's rollout of {@code all} may take down at once. */
  private synchronized int allowedDown(String cloud, Fleet fleet, List<Instance> all) {
    if (all.isEmpty()) {
      throw new FleetException("cloud '" + cloud + "' has no instance to roll out");
    }
    if (!fleet.rollOutTakesDown()) {
      return 0;
    }
    int limit = clouds.get(cloud).settings().safety().maxInstancesDown();
    int allowed = Math.min(limit - down(cloud), all.size());
    if (allowed < 1) {
      throw new BlastRadiusException(
          "refused: a rollout of cloud '"
              + cloud
              + "' takes instances down, and "
              + down(cloud)
              + " already are, at its blast radius safety.maxInstancesDown = "
              + limit
              + " ("
              + clouds.get(cloud).location()
              + "); raise the limit there or wait for them. Nothing was touched.");
    }
    return allowed;
  }

  /**
   * Stops every running instance of {@code cloud}, all within its blast radius or none; {@code
   * stopping} hears of each before it goes down.
   */
  public List<Handle> stopEvery(
      Undo scope, String cloud, java.util.function.Consumer<Instance> stopping) {
    List<Instance> instances = running(cloud);
    checkBlastRadius(cloud, instances);
    List<Handle> stopped = new ArrayList<>();
    for (Instance instance : instances) {
      stopping.accept(instance);
      // Recorded before it is applied: the scope's revert, or a sweep, starts it again.
      stopped.add(stop(scope, instance));
    }
    return stopped;
  }

  /**
   * A zone of {@code cloud} fails: what keeps its group out of the zone is applied first (or the
   * outage is refused, saying why, before anything is touched), then every instance in it is
   * killed. Reverting waits for the cloud whole again elsewhere, then lets the group back in.
   */
  public List<KillReceipt> zoneOutage(Undo scope, String cloud, String zone) {
    Fleet fleet = fleet(cloud);
    List<Instance> inZone = zoneVictims(cloud, zone);
    List<CloudChange> holding = fleet.toHoldZoneOutage(zone); // may refuse
    return scope.disrupting(
        "fail availability zone " + zone + " of " + cloud + ": " + describe(inZone),
        () -> {
          for (CloudChange change : holding) {
            guard(scope, cloud, fleet, change);
          }
          return kill(scope, Map.of(cloud, inZone));
        });
  }

  /**
   * Refuses an outage of {@code zone} that could not be, or that the blast radius would not allow,
   * before anything is touched; returns the instances it would kill.
   */
  public List<Instance> checkZoneOutage(String cloud, String zone) {
    List<Instance> inZone = zoneVictims(cloud, zone);
    fleet(cloud).toHoldZoneOutage(zone); // the cloud's own refusal, before anyone says go
    return inZone;
  }

  private List<Instance> zoneVictims(String cloud, String zone) {
    List<Instance> running = running(cloud);
    List<Instance> inZone = running.stream().filter(i -> zone.equals(i.zone())).toList();
    if (inZone.isEmpty()) {
      throw new ShakedownException(
          "no running instance of cloud '"
              + cloud
              + "' is in zone '"
              + zone
              + "'; its instances run in "
              + String.join(
                  ", ", running.stream().map(Instance::zone).distinct().sorted().toList()));
    }
    checkReplaced(cloud, inZone);
    checkBlastRadius(cloud, inZone);
    return inZone;
  }

  /** Restarts in place (reboot, reset); its revert waits until the cloud serves whole again. */
  public Handle reboot(Undo scope, Instance instance) {
    String cloud = instance.cloud();
    Fleet fleet = fleet(cloud);
    checkBlastRadius(cloud, List.of(instance));
    return scope.disrupting(
        "reboot " + instance.qualifiedId(),
        () -> {
          int size = reserve(Map.of(cloud, List.of(instance))).get(cloud);
          return opened(
              cloud,
              1,
              () ->
                  scope.apply(
                      new LedgerEntry.InstanceRebooted(
                          "rebooted " + instance.qualifiedId(), ref(cloud), instance.id(), size),
                      !fleet.outlivesRun(),
                      () -> fleet.reboot(instance),
                      () -> whole(cloud, size)));
        });
  }

  /**
   * Kills the given instances of each cloud, after checking every cloud's blast radius; per cloud,
   * a handle whose revert waits until the cloud has its instances serving again.
   */
  public List<KillReceipt> kill(Undo scope, Map<String, List<Instance>> victimsByCloud) {
    victimsByCloud.forEach(this::checkReplaced);
    victimsByCloud.forEach(this::checkBlastRadius);
    return scope.disrupting(
        "kill " + describe(victimsByCloud.values().stream().flatMap(List::stream).toList()),
        () -> {
          Map<String, Integer> sizes = reserve(victimsByCloud);
          List<KillReceipt> receipts = new ArrayList<>();
          List<String> pending = new ArrayList<>(victimsByCloud.keySet());
          try {
            for (var entry : new LinkedHashMap<>(victimsByCloud).entrySet()) {
              String cloud = entry.getKey();
              Fleet fleet = fleet(cloud);
              List<Instance> victims = entry.getValue();
              int size = sizes.get(cloud);
              Instant at = Instant.now();
              pending.remove(cloud);
              Handle handle =
                  opened(
                      cloud,
                      victims.size(),
                      () ->
                          scope.apply(
                              new LedgerEntry.InstancesKilled(
                                  "killed " + describe(victims),
                                  ref(cloud),
                                  victims.stream().map(Instance::id).toList(),
                                  size),
                              !fleet.outlivesRun(),
                              () -> fleet.killAll(victims),
                              () -> whole(cloud, size)));
              receipts.add(new KillReceipt(cloud, victims, size, at, Instant.now(), handle));
            }
          } finally {
            synchronized (this) {
              pending.forEach(
                  cloud -> reserved.merge(cloud, -victimsByCloud.get(cloud).size(), Integer::sum));
            }
          }
          return receipts;
        });
  }

  /** A kill nothing would undo (an instance of no group) is refused before anything is touched. */
  private void checkReplaced(String cloud, List<Instance> victims) {
    Fleet fleet = fleet(cloud);
    fleet.refuseKillOf(victims);
    List<String> permanent =
        victims.stream()
            .filter(victim -> !fleet.replacesKilled(victim))
            .map(Instance::qualifiedId)
            .toList();
    if (!permanent.isEmpty()) {
      throw new ShakedownException(
          "refused: nothing in cloud '"
              + cloud
              + "' would replace "
              + String.join(", ", permanent)
              + " (in no group that recreates its instances), so a kill would be for good;"
              + " select instances of a group in "
              + clouds.get(cloud).location()
              + ", or stop them instead. Nothing was touched.");
    }
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
              + " running instances; cannot take down "
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
   * How many instances of {@code cloud} are down now: those its listing shows not running, or,
   * while this run has it disrupted, the ones missing from its size at the first disruption.
   */
  public synchronized int down(String cloud) {
    List<Instance> listed = fleet(cloud).instances();
    long running = listed.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
    long notRunning = listed.size() - running;
    Integer size = openHandles(cloud) ? baseline.get(cloud) : null;
    long missing = size == null ? 0 : size - running;
    // Until a disruption is reverted (a kill: its cloud awaited whole), its victims are down, even
    // where a listing already shows a replacement running that does not serve yet.
    long disrupted =
        openByCloud.getOrDefault(cloud, List.of()).stream().mapToInt(Opened::victims).sum();
    return (int) Math.max(0, Math.max(Math.max(notRunning, missing), disrupted))
        + reserved.getOrDefault(cloud, 0);
  }

  /**
   * Refuses, naming the limit and where it is set, if taking {@code victims} down would exceed it.
   */
  public synchronized void checkBlastRadius(String cloud, List<Instance> victims) {
    int alreadyDown = down(cloud);
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

  /**
   * Waits until the cloud has {@code receipt.before()} running instances again, none of them one
   * that was killed.
   *
   * @return the time from the kill to the replacement, or empty if the timeout passed first
   */
  public Optional<Duration> awaitReplacement(
      KillReceipt receipt, Duration timeout, Runnable whileWaiting) {
    Fleet fleet = fleet(receipt.cloud());
    Duration left = Duration.between(Instant.now(), receipt.at().plus(timeout));
    List<String> killed = receipt.killed().stream().map(Instance::identity).toList();
    return Poll.within(left.isNegative() ? Duration.ZERO : left)
        .named("cloud " + receipt.cloud() + " to replace " + receipt.describe())
        .every(Duration.ofMillis(50))
        .failFast(whileWaiting)
        .until(
            () -> {
              List<Instance> running = running(receipt.cloud());
              if (running.size() < receipt.before()
                  || running.stream().anyMatch(i -> killed.contains(i.identity()))) {
                return Optional.<Duration>empty();
              }
              try {
                fleet.awaitHealthy(receipt.before(), Duration.ofMillis(200));
                return Optional.of(Duration.between(receipt.at(), Instant.now()));
              } catch (FleetException notYet) {
                return Optional.<Duration>empty(); // running, not answering yet
              }
            })
        // Seen whole after the timeout (the last look took a while): not "within" it.
        .filter(took -> took.compareTo(timeout) <= 0);
  }

  /**
   * Whether the cloud of {@code receipt} replaced what was killed within {@code within} of the
   * kill; once it has, the kill is over (its handle closed: no longer counted as down).
   */
  public Verdict replacement(KillReceipt receipt, Duration within, Runnable whileWaiting) {
    Optional<Duration> replaced = awaitReplacement(receipt, within, whileWaiting);
    if (replaced.isEmpty()) {
      return Verdict.failed(
          List.of(),
          "cloud '"
              + receipt.cloud()
              + "' did not replace "
              + receipt.describe()
              + " within "
              + Durations.format(within)
              + ": it has "
              + running(receipt.cloud()).size()
              + " of "
              + receipt.before()
              + " instances running");
    }
    receipt.handle().revert(); // seen whole: the kill is over
    return Verdict.held(
            List.of(
                new Measure(
                    "time to replace " + receipt.describe(), replaced.get().toMillis(), "ms")))
        .noting(
            "cloud "
                + receipt.cloud()
                + " replaced "
                + receipt.describe()
                + " in "
                + Durations.format(replaced.get()));
  }

  public Fleet fleet(String cloud) {
    Fleet fleet = fleets.get(cloud);
    if (fleet == null) {
      throw new ShakedownException(
          "no cloud named '"
              + cloud
              + "'; the config names: "
              + String.join(", ", fleets.keySet()));
    }
    return fleet;
  }

  /** Applies the change, or shares the one still open under its key, for a disruption. */
  private Handle guard(Undo scope, String cloud, Fleet fleet, CloudChange change) {
    String key = cloud + "/" + change.kind() + "/" + change.key();
    synchronized (guards) {
      Handle open = guards.get(key);
      if (open != null && open.state().open()) {
        return open;
      }
      Handle handle =
          scope.apply(
              new LedgerEntry.CloudChanged(
                  change.description(), ref(cloud), change.kind(), change.key(), change.details()),
              !fleet.outlivesRun(),
              () -> fleet.apply(change),
              () -> fleet.undo(change));
      guards.put(key, handle);
      return handle;
    }
  }

  /**
   * Checks every cloud's blast radius and, all at once, counts the victims as down until their
   * handles exist; returns each cloud's size, remembered at its first disruption still open.
   */
  private synchronized Map<String, Integer> reserve(Map<String, List<Instance>> victimsByCloud) {
    victimsByCloud.forEach(this::checkBlastRadius);
    Map<String, Integer> sizes = new HashMap<>();
    for (var entry : victimsByCloud.entrySet()) {
      String cloud = entry.getKey();
      if (!openHandles(cloud) && reserved.getOrDefault(cloud, 0) == 0) {
        // Its size: what is being terminated already is not part of it, nor will it come back.
        baseline.put(
            cloud,
            (int)
                fleet(cloud).instances().stream()
                    .filter(
                        i ->
                            i.state() != InstanceState.TERMINATING
                                && i.state() != InstanceState.TERMINATED)
                    .count());
      }
      sizes.put(cloud, baseline.get(cloud));
      reserved.merge(cloud, entry.getValue().size(), Integer::sum);
    }
    return sizes;
  }

  /** Applies a reserved disruption; from then on its handle, not the reservation, counts it. */
  private Handle opened(String cloud, int count, java.util.function.Supplier<Handle> apply) {
    try {
      Handle handle = apply.get();
      synchronized (this) {
        openByCloud.computeIfAbsent(cloud, c -> new ArrayList<>()).add(new Opened(handle, count));
      }
      return handle;
    } finally {
      synchronized (this) {
        reserved.merge(cloud, -count, Integer::sum);
      }
    }
  }

  private synchronized boolean openHandles(String cloud) {
    List<Opened> handles = openByCloud.get(cloud);
    if (handles == null) {
      return false;
    }
    handles.removeIf(h -> !h.handle().state().open());
    return !handles.isEmpty();
  }

  /** A disruption of a cloud and how many of its instances it took down. */
  private record Opened(Handle handle, int victims) {}

  /** The revert of a kill or reboot: the cloud serves whole again, within its revertTimeout. */
  private String whole(String cloud, int size) {
    Duration took =
        fleet(cloud).awaitHealthy(size, clouds.get(cloud).settings().safety().revertTimeout());
    return "cloud "
        + cloud
        + " is whole again: "
        + size
        + (size == 1 ? " instance serves" : " instances serve")
        + " (after "
        + took.toMillis()
        + " ms more)";
  }

  private LedgerEntry.CloudRef ref(String cloud) {
    Cloud config = clouds.get(cloud);
    return new LedgerEntry.CloudRef(
        cloud,
        config.provider(),
        List.of(Path.of(config.file()).toAbsolutePath().toString()),
        NonSecretSettings.of(config.settings().settings(), redactor));
  }

  private static InstanceState stateOf(Fleet fleet, String id) {
    return fleet.instances().stream()
        .filter(i -> i.id().equals(id))
        .map(Instance::state)
        .findFirst()
        .orElse(InstanceState.TERMINATED);
  }

  /** {@code cloud-a/cloud-a-1, cloud-a/cloud-a-2}. */
  public static String describe(List<Instance> victims) {
    return victims.size() == 1
        ? victims.get(0).qualifiedId()
        : String.join(", ", victims.stream().map(Instance::qualifiedId).toList());
  }

  private static String lower(InstanceState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
