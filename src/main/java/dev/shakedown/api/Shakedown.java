package dev.shakedown.api;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.Percentage;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.faults.NetworkFaults;
import dev.shakedown.fleet.Disruptions;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.runner.RunContext;
import dev.shakedown.runner.RunId;
import dev.shakedown.runner.RunListener;
import dev.shakedown.runner.RunSession;
import dev.shakedown.traffic.HaltedException;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Reverts;
import dev.shakedown.undo.Undo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Shakedown as a plain Java API: a run opened from cloud configs, with the same safety as {@code
 * shakedown run} (a lock, a ledger written before every disruption, the blast radius, a sweep of
 * what a dead run left, a revert on the way out of the JVM). What it breaks is held as {@link
 * Handle handles} of the current scope; {@link #revertAll} reverts them, and {@link #close} reverts
 * whatever is left and ends the run.
 *
 * <pre>{@code
 * try (Shakedown run = Shakedown.open(Path.of("config/clouds/local.yaml"))) {
 *   Watch watch = run.watch();                        // serving now, then watched
 *   KillReceipt kill = run.kill("cloud-a", 1);
 *   watch.keepsServing(Duration.ofSeconds(10), Percentage.parse("99%")).requireHeld();
 * }
 * }</pre>
 */
public final class Shakedown implements AutoCloseable {
  private final RunSession session;
  private final RunContext context;
  private Undo scope;
  private final List<Watch> watches = new ArrayList<>();
  private Instant lastFault;
  private String lastFaultDescription = "the start";

  private Shakedown(RunSession session, RunContext context) {
    this.session = session;
    this.context = context;
    this.scope = session.undo().scope();
  }

  /** Opens a run of the given cloud configs, its reports and ledger under {@code reports/}. */
  public static Shakedown open(Path... configs) {
    return open(Path.of("reports"), List.of(configs));
  }

  /**
   * Opens a run: loads and checks the configs (a {@link dev.shakedown.config.ConfigException} names
   * the file, line and key), sweeps what a dead run left, then starts the local services and opens
   * every cloud's fleet.
   *
   * @param reports where run folders, ledgers and locks go (shared with {@code shakedown run})
   */
  public static Shakedown open(Path reports, List<Path> configs) {
    FleetProviders providers = FleetProviders.load();
    ShakedownConfig config = new ConfigLoader(providers, System::getenv).load(configs);
    RunId id = RunId.next(Instant.now());
    Path directory = reports.resolve(id.value());
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot create the run folder " + directory + ": " + e.getMessage());
    }
    RunSession session =
        RunSession.begin(
            config, providers, reports, id, directory, System::getenv, log(config, System.err));
    try {
      return new Shakedown(session, session.openTargets());
    } catch (RuntimeException | Error e) {
      session.close();
      throw e;
    }
  }

  private static RunListener log(ShakedownConfig config, PrintStream out) {
    return new RunListener() {
      @Override
      public void info(String line) {
        out.println("shakedown: " + config.redactor().redact(line));
      }
    };
  }

  /** The run's folder: instance and service output, under the reports folder. */
  public Path directory() {
    return session.directory();
  }

  /** The clouds of the config, by name. */
  public Set<String> clouds() {
    return context.config().clouds().keySet();
  }

  /** The running instances of {@code cloud}, as its fleet lists them now. */
  public List<Instance> instances(String cloud) {
    return disruptions().running(cloud);
  }

  /**
   * Kills {@code count} running instances of {@code cloud} (within its blast radius, refused in
   * full otherwise); the receipt's handle reverts once the cloud is whole again.
   */
  public synchronized KillReceipt kill(String cloud, int count) {
    return killAll(cloud, disruptions().victims(cloud, count));
  }

  /** Kills {@code share} of the running instances of {@code cloud}, rounded up: 50% of 3 is 2. */
  public synchronized KillReceipt kill(String cloud, Percentage share) {
    return kill(cloud, disruptions().shareOf(cloud, share));
  }

  /** Kills every instance of {@code zone} of {@code cloud}, keeping its group out of the zone. */
  public synchronized List<KillReceipt> zoneOutage(String cloud, String zone) {
    Instant at = Instant.now();
    List<KillReceipt> receipts = disruptions().zoneOutage(scope, cloud, zone);
    faultApplied(at, "losing zone " + zone + " of " + cloud);
    return receipts;
  }

  /**
   * Stops one instance gracefully; its handle's revert starts it again and waits till it serves.
   */
  public synchronized Handle stop(Instance instance) {
    Instant at = Instant.now();
    Handle handle = disruptions().stop(scope, instance);
    faultApplied(at, "stopping " + instance.qualifiedId());
    return handle;
  }

  /** Restarts one instance in place; its handle's revert waits until the cloud is whole again. */
  public synchronized Handle reboot(Instance instance) {
    Instant at = Instant.now();
    Handle handle = disruptions().reboot(scope, instance);
    faultApplied(at, "rebooting " + instance.qualifiedId());
    return handle;
  }

  /**
   * Waits until the cloud of {@code kill} has as many instances running and healthy as before it,
   * none of them a killed one.
   *
   * @return the time from the kill to the replacement; empty if {@code within} passed first
   */
  public Optional<Duration> awaitReplacement(KillReceipt kill, Duration within) {
    return disruptions().awaitReplacement(kill, within, this::checkNotHalted);
  }

  /**
   * Network faults into the config's links ({@code cloud-a/store}), in Toxiproxy's own terms:
   * {@code run.faults().add("cloud-a/store",
   * ToxicSpec.of("latency").upstream().attribute("latency", 200))}. Each returns a handle of the
   * current scope.
   */
  public NetworkFaults faults() {
    return context.networkFaults(currentScope());
  }

  /**
   * Checks that the deployment serves now (its steady state, as the config's probe defines it),
   * then watches it in the background until the scope is reverted; its windows give verdicts.
   */
  public synchronized Watch watch() {
    Watch watch = Watch.start(context, this::lastFault);
    watches.add(watch);
    return watch;
  }

  /**
   * Reverts everything the current scope applied (faults removed with a read-back, stopped
   * instances started, killed ones awaited back) and stops its watches; later calls go into a fresh
   * scope.
   */
  public synchronized Reverts revertAll() {
    watches.forEach(Watch::close);
    watches.clear();
    Reverts reverts = scope.revertAll();
    scope = session.undo().scope();
    lastFault = null;
    lastFaultDescription = "the start";
    return reverts;
  }

  /**
   * Reverts what is still applied, ends the run's processes and releases its lock. What could not
   * be reverted stays in the ledger for the next run or {@code shakedown sweep}, and is thrown.
   */
  @Override
  public void close() {
    synchronized (this) {
      watches.forEach(Watch::close);
      watches.clear();
    }
    session.close();
    List<String> left = session.left();
    if (!left.isEmpty()) {
      throw new ShakedownException(
          "still applied after the run: "
              + String.join("; ", left)
              + "; run shakedown sweep to revert it");
    }
  }

  private synchronized Undo currentScope() {
    return scope;
  }

  private synchronized KillReceipt killAll(String cloud, List<Instance> victims) {
    Instant at = Instant.now();
    List<KillReceipt> receipts = disruptions().kill(scope, Map.of(cloud, victims));
    faultApplied(
        at, "killing " + String.join(", ", victims.stream().map(Instance::qualifiedId).toList()));
    return receipts.get(0);
  }

  private synchronized void faultApplied(Instant at, String description) {
    lastFault = at;
    lastFaultDescription = description;
  }

  private synchronized Watch.Since lastFault() {
    return new Watch.Since(Optional.ofNullable(lastFault), lastFaultDescription);
  }

  private void checkNotHalted() {
    context
        .halted()
        .ifPresent(
            reason -> {
              throw new HaltedException(reason);
            });
  }

  private Disruptions disruptions() {
    return context.disruptions();
  }
}
