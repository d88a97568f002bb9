package dev.shakedown.steps;

import dev.shakedown.backup.Backup;
import dev.shakedown.config.BackupSettings;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.faults.InjectedFault;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.Monitor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What one scenario has started and broken, shared by its steps and reverted by {@link
 * RevertHooks}. One instance per scenario, from the DI container.
 */
public final class ScenarioState {
  private final Evidence evidence;
  private Monitor monitor;
  private Instant lastFault;
  private String lastFaultDescription;
  private final List<KillReceipt> kills = new ArrayList<>();
  private final List<Instance> stopped = new ArrayList<>();
  private final Map<String, String> stoppedLedgerIds = new LinkedHashMap<>();
  private final Map<String, Integer> sizesBefore = new LinkedHashMap<>();
  private final List<InjectedFault> faults = new ArrayList<>();
  private ScheduledExecutorService expiries;
  private final List<CompletableFuture<Void>> scheduled = new ArrayList<>();
  private Load load;
  private boolean loadRecorded;

  private final List<String> donationIds = new ArrayList<>();
  private final List<Instant> donationTimes = new ArrayList<>();
  private Scratch scratch;
  private Wipe wipe;
  private Path scratchDirectory;

  public ScenarioState(Evidence evidence) {
    this.evidence = evidence;
  }

  /** A scratch copy restored from a backup, running on {@code port}. */
  record Scratch(
      String name,
      int port,
      BackupSettings.RestoreSettings restore,
      Backup backup,
      Duration took) {}

  /** A primary store wiped at {@code at} and restored from {@code backup}. */
  record Wipe(String cloud, BackupSettings.PrimarySettings primary, Backup backup, Instant at) {}

  void donationsMade(List<String> ids, List<Instant> acceptedAt) {
    donationIds.addAll(ids);
    donationTimes.addAll(acceptedAt);
  }

  Optional<Instant> lastDonationMade() {
    return donationTimes.stream().max(Instant::compareTo);
  }

  List<String> donationsMadeBefore(Instant at) {
    List<String> before = new ArrayList<>();
    for (int i = 0; i < donationIds.size(); i++) {
      if (donationTimes.get(i).isBefore(at)) {
        before.add(donationIds.get(i));
      }
    }
    return before;
  }

  void scratch(Scratch scratch) {
    this.scratch = scratch;
  }

  Optional<Scratch> scratch() {
    return Optional.ofNullable(scratch);
  }

  void wiped(Wipe wipe) {
    this.wipe = wipe;
  }

  Optional<Wipe> wipe() {
    return Optional.ofNullable(wipe);
  }

  /** A private folder for fetched backups, removed when the scenario ends. */
  synchronized Path scratchDirectory() throws java.io.IOException {
    if (scratchDirectory == null) {
      scratchDirectory =
          java.nio.file.Files.createTempDirectory(
              "shakedown-restore",
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    }
    return scratchDirectory;
  }

  /** Ends the scratch copy and removes what was fetched for it. */
  synchronized void removeScratch(java.util.function.Consumer<String> stop) {
    if (scratch != null) {
      stop.accept(scratch.name());
    }
    if (scratchDirectory != null) {
      try (var files = java.nio.file.Files.walk(scratchDirectory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException e) {
        evidence.event("could not remove " + scratchDirectory + ": " + e.getMessage());
      }
      scratchDirectory = null;
    }
  }

  void remember(InjectedFault fault) {
    faults.add(fault);
  }

  /** Network faults applied in this scenario; the revert closes those still active. */
  List<InjectedFault> faults() {
    return List.copyOf(faults);
  }

  /** Reverts {@code fault} after {@code after} on its own: the "for N seconds" forms. */
  void expireAfter(InjectedFault fault, Duration after, Runnable then) {
    later(
        after,
        () -> {
          fault.close();
          then.run();
        });
  }

  /** A load under way in this scenario, and the generator to close when the scenario ends. */
  record Load(LoadGenerator generator, LoadGenerator.LoadRun run, String description) {
    Instant started() {
      return run.started();
    }

    LoadResult result() {
      return run.await();
    }
  }

  Optional<Load> load() {
    return Optional.ofNullable(load);
  }

  void load(Load load) {
    this.load = load;
  }

  /**
   * Waits for the scenario's load and what was scheduled during it; the first time, records its
   * figures and per-second timeline in the evidence.
   */
  LoadResult loadResult() {
    Load load =
        load()
            .orElseThrow(
                () ->
                    new dev.shakedown.ShakedownException(
                        "no load ran in this scenario; start one with 'When donors send 300 donations per second for 30 seconds'"));
    LoadResult result = load.result();
    awaitScheduled();
    if (!loadRecorded) {
      loadRecorded = true;
      evidence.timeline(
          "load: " + load.description(), Timelines.ofLoad(load.run().started(), result));
      evidence.measure("load: requests planned", result.planned(), "requests");
      evidence.measure("load: achieved send rate", result.achievedRate(), "requests/s");
      evidence.measure("load: success rate", result.successRate().percent(), "%");
      evidence.measure(
          "load: p99 from the planned send time", result.p99FromPlanned().toNanos() / 1e6, "ms");
      evidence.measure(
          "load: p99 from the actual send", result.p99FromSend().toNanos() / 1e6, "ms");
      evidence.measure("load: send lag p99", result.sendLagP99().toNanos() / 1e6, "ms");
      evidence.measure("load: generator CPU", result.cpuLoad() * 100, "%");
      evidence.event("load done: " + result.summary());
    }
    return result;
  }

  /**
   * Runs {@code action} at {@code at} (a fault during a load); its failure surfaces in {@link
   * #awaitScheduled}.
   */
  synchronized void schedule(Instant at, Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    scheduled.add(done);
    later(
        Duration.between(Instant.now(), at),
        () -> {
          try {
            action.run();
            done.complete(null);
          } catch (RuntimeException | AssertionError e) {
            done.completeExceptionally(e);
          }
        });
  }

  private synchronized void later(Duration after, Runnable task) {
    if (expiries == null) {
      expiries =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "shakedown-scenario-timer");
                thread.setDaemon(true);
                return thread;
              });
    }
    expiries.schedule(task, Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Waits for the actions scheduled during the scenario, and rethrows the first that failed. */
  void awaitScheduled() {
    for (var action : List.copyOf(scheduled)) {
      try {
        action.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw (Error) e.getCause();
      }
    }
  }

  synchronized void stopExpiries() {
    if (expiries != null) {
      expiries.shutdownNow();
    }
  }

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

  /** A fault from {@code at}: the window "keeps serving" reads, and a shaded one in the reports. */
  void faultApplied(Instant at, String description) {
    measureFrom(at, description);
    evidence.faultStarted(description, at);
  }

  /** Where "keeps serving" windows start from, without a fault: the start of a load. */
  void measureFrom(Instant at, String description) {
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

  /** Records a stop about to be applied, with its ledger id, so the revert can start it again. */
  void stopped(Instance instance, int cloudSize, String ledgerId) {
    stopped.add(instance);
    if (ledgerId != null) {
      stoppedLedgerIds.put(instance.qualifiedId(), ledgerId);
    }
    sizesBefore.putIfAbsent(instance.cloud(), cloudSize);
  }

  /** The instance runs again; returns the ledger id of its stop, to mark it reverted. */
  String started(Instance instance) {
    stopped.removeIf(i -> i.id().equals(instance.id()) && i.cloud().equals(instance.cloud()));
    return stoppedLedgerIds.remove(instance.qualifiedId());
  }

  List<Instance> stopped() {
    return List.copyOf(stopped);
  }

  /** Clouds this scenario disrupted, with their size before: what the revert restores. */
  Map<String, Integer> sizesBefore() {
    return Map.copyOf(sizesBefore);
  }
}
