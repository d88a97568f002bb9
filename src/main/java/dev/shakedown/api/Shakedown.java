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
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.RunningLoad;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Reverts;
import dev.shakedown.undo.Undo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
  private final List<Watch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Runnable> loads = new java.util.concurrent.CopyOnWriteArrayList<>();
  // How to stop the warm-ups under way: a close or a revert must not wait for one to end.
  private final List<java.util.function.Consumer<String>> warmUps =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private Instant lastFault;
  private String lastFaultDescription = "the start";
  private boolean closed;
  private final RedactedErrors errors;

  private Shakedown(RunSession session, RunContext context) {
    this.session = session;
    this.context = context;
    this.errors = new RedactedErrors(context.config().redactor());
    this.scope = session.undo().scope();
    // A halt ends every watch's wait at once, with the reason.
    context.onHalt(this::haltWatches);
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
    return new RedactedErrors(config.redactor()).call(() -> open(reports, config, providers));
  }

  private static Shakedown open(Path reports, ShakedownConfig config, FleetProviders providers) {
    RunId id = RunId.next(Instant.now());
    Path directory = reports.resolve(id.value());
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot create the run folder " + directory + ": " + e.getMessage());
    }
    RunSession session;
    try {
      session =
          RunSession.begin(
              config, providers, reports, id, directory, System::getenv, log(config, System.err));
    } catch (RuntimeException | Error e) {
      removeIfEmpty(directory);
      throw e;
    }
    try {
      return new Shakedown(session, session.openTargets());
    } catch (RuntimeException | Error e) {
      try {
        session.close(); // reverts and ends what did start
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed); // the reason it did not open comes first
      }
      throw e;
    }
  }

  private static void removeIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory); // refused, and kept, when something was written into it
    } catch (IOException notEmpty) {
      // It holds what the failed start wrote: kept for reading.
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
    return errors.call(() -> disruptions().running(cloud));
  }

  /**
   * Kills {@code count} running instances of {@code cloud} (within its blast radius, refused in
   * full otherwise); the receipt's handle reverts once the cloud is whole again.
   */
  public synchronized KillReceipt kill(String cloud, int count) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "kill at least 1 instance of cloud '" + cloud + "', not " + count);
    }
    checkOpen();
    return killAll(cloud, errors.call(() -> disruptions().victims(cloud, count)));
  }

  /** Kills {@code share} of the running instances of {@code cloud}, rounded up: 50% of 3 is 2. */
  public synchronized KillReceipt kill(String cloud, Percentage share) {
    checkOpen();
    int count = errors.call(() -> disruptions().shareOf(cloud, share));
    if (count == 0) {
      throw new IllegalArgumentException(
          share + " of the instances of cloud '" + cloud + "' is none of them: nothing to kill");
    }
    return kill(cloud, count);
  }

  /** Kills every instance of {@code zone} of {@code cloud}, keeping its group out of the zone. */
  public synchronized List<KillReceipt> zoneOutage(String cloud, String zone) {
    return applying(
            "losing zone " + zone + " of " + cloud,
            () -> disruptions().zoneOutage(scope, cloud, zone))
        .stream()
        .map(this::handled)
        .toList();
  }

  /**
   * Stops one instance gracefully; its handle's revert starts it again and waits till it serves.
   */
  public synchronized Handle stop(Instance instance) {
    return handled(
        applying("stopping " + instance.qualifiedId(), () -> disruptions().stop(scope, instance)));
  }

  /** Restarts one instance in place; its handle's revert waits until the cloud is whole again. */
  public synchronized Handle reboot(Instance instance) {
    return handled(
        applying(
            "rebooting " + instance.qualifiedId(), () -> disruptions().reboot(scope, instance)));
  }

  /**
   * Restarts the running instances of {@code cloud} one at a time, each awaited until it serves
   * before the next goes down; ends, with the one under way back, if the run halts or closes or its
   * scope is reverted.
   */
  public List<Disruptions.Restart> rollingRestart(String cloud) {
    Undo into;
    synchronized (this) {
      checkOpen();
      into = scope;
    }
    // Not under the run's lock, which a close from another thread takes: this takes minutes.
    return errors.call(() -> rollingRestart(into, cloud));
  }

  private List<Disruptions.Restart> rollingRestart(Undo into, String cloud) {
    return disruptions()
        .rollingRestart(
            into,
            cloud,
            new Disruptions.RestartSteps() {
              private boolean first = true;

              @Override
              public void stopping(Instance instance) {
                synchronized (Shakedown.this) {
                  checkOpen();
                  if (scope != into) {
                    throw new IllegalStateException(
                        "the rolling restart of "
                            + cloud
                            + " ended: its scope was reverted before "
                            + instance.qualifiedId()
                            + " went down");
                  }
                  if (first) { // past the blast-radius check: the window starts here
                    faultApplied(
                        Instant.now(), "restarting the instances of " + cloud + " one at a time");
                    first = false;
                  }
                }
              }

              @Override
              public void restarted(Disruptions.Restart restart) {
                context.progress(
                    "restarted "
                        + restart.instance().qualifiedId()
                        + " in "
                        + dev.shakedown.config.Durations.format(restart.took()));
              }
            });
  }

  /**
   * Waits until the cloud of {@code kill} has as many instances running and healthy as before it,
   * none of them a killed one.
   *
   * @return the time from the kill to the replacement; empty if {@code within} passed first
   */
  public Optional<Duration> awaitReplacement(KillReceipt kill, Duration within) {
    return errors.call(() -> disruptions().awaitReplacement(kill, within, this::checkNotHalted));
  }

  /**
   * Network faults into the config's links, in Toxiproxy's own terms: {@code
   * run.faults().add("cloud-a/store", ToxicSpec.of("latency").upstream().attribute("latency",
   * 200))}. Each is a handle of the scope current when it is added.
   */
  public Faults faults() {
    return new Faults(this);
  }

  synchronized Handle applying(String description, Faults.Apply apply) {
    return handled(applying(description, () -> apply.to(context.networkFaults(scope))));
  }

  /**
   * Every disruption through the API: refused once the run is closed or halted, applied into the
   * current scope, and the start of the window the next verdict judges.
   */
  private synchronized <T> T applying(String description, java.util.function.Supplier<T> apply) {
    checkOpen();
    Instant at = Instant.now();
    T applied = errors.call(apply);
    faultApplied(at, description);
    return applied;
  }

  NetworkFaults networkFaults() {
    return context.networkFaults(currentScope());
  }

  /**
   * Sends the config's load ({@code load:}) at {@code perSecond} for {@code duration}, after its
   * warm-up, each request timed from its planned send time. {@link RunningLoad#await} gives the
   * result, which {@link dev.shakedown.traffic.LoadVerdicts} judge; a halt stops it, and so do
   * {@link #revertAll} and {@link #close}.
   */
  public RunningLoad send(double perSecond, Duration duration) {
    return send(
        RateSchedule.constant(perSecond, duration),
        String.format(java.util.Locale.ROOT, "%,.0f per second", perSecond)
            + " for "
            + dev.shakedown.config.Durations.format(duration));
  }

  /** The config's load on any schedule (a ramp, say), as {@link #send(double, Duration)}. */
  public RunningLoad send(RateSchedule schedule, String description) {
    Undo into;
    synchronized (this) {
      checkOpen();
      into = scope;
    }
    // Not under the run's lock: the warm-up takes its time, and a kill, a watch or a close from
    // another thread must not wait for it. A halt, a close or a revert stops it (warmUps).
    RunningLoad load =
        errors.call(
            () ->
                RunningLoad.start(
                    context.loadRequests(),
                    schedule,
                    description,
                    new RunningLoad.Hooks(
                        context::progress,
                        context::progress,
                        listener -> warmingUp(listener, into),
                        context::workerEngine)));
    synchronized (this) {
      if (closed || scope != into) {
        load.close();
        throw new IllegalStateException(
            closed
                ? "the run closed while the load warmed up"
                : "the scope was reverted while the load warmed up");
      }
      Runnable forget = context.onHalt(load::halt);
      Runnable stop =
          () -> {
            forget.run();
            load.close();
          };
      loads.add(stop);
      // Once it has ended nothing needs to stop it: forgotten, not held until revertAll or close.
      load.whenDone(
          () -> {
            forget.run();
            loads.remove(stop);
          });
    }
    return load;
  }

  /**
   * Checks that the deployment serves now (its steady state, as the config's probe defines it),
   * then watches it in the background until the scope is reverted; its windows give verdicts.
   */
  public synchronized Watch watch() {
    checkOpen();
    Watch watch = errors.call(() -> Watch.start(context, this::lastFault));
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
    warmUps.forEach(warmUp -> warmUp.accept("the scope was reverted"));
    loads.forEach(Runnable::run);
    loads.clear();
    Reverts reverts = scope.revertAll();
    scope = session.undo().scope();
    lastFault = null;
    lastFaultDescription = "the start";
    return new Reverts(reverts.reverted(), redacted(reverts.left()));
  }

  /**
   * What the run still has applied, whichever scope applied it (a revert that failed before): a
   * test on a deployment left broken would measure that, not what it changes.
   */
  public List<String> stillApplied() {
    return redacted(session.disruptionsApplied());
  }

  /** Why the run halted (its halt condition tripped), if it did: nothing more may be applied. */
  public Optional<String> halted() {
    return context.halted();
  }

  /**
   * Reverts what is still applied, ends the run's processes and releases its lock. What could not
   * be reverted stays in the ledger for the next run or {@code shakedown sweep}, and is thrown.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      watches.forEach(Watch::close);
      watches.clear();
      warmUps.forEach(warmUp -> warmUp.accept("the run closed"));
      loads.forEach(Runnable::run);
      loads.clear();
    }
    errors.run(session::close);
    List<String> left = redacted(session.left());
    if (!left.isEmpty()) {
      throw new ShakedownException(
          "still applied after the run: "
              + String.join("; ", left)
              + "; run shakedown sweep to revert it");
    }
  }

  private List<String> redacted(List<String> lines) {
    return lines.stream().map(context.config().redactor()::redact).toList();
  }

  /**
   * A halt of the run, a close or a revert of {@code into} reaches {@code listener}, a warm-up
   * under way; at once if one came before the warm-up began.
   */
  private synchronized Runnable warmingUp(java.util.function.Consumer<String> listener, Undo into) {
    warmUps.add(listener);
    Runnable forget = context.onHalt(listener);
    if (closed || scope != into) {
      listener.accept(closed ? "the run closed" : "the scope was reverted");
    }
    return () -> {
      forget.run();
      warmUps.remove(listener);
    };
  }

  /** How many warm-ups are under way, for a test that closes the run during one. */
  int warmUpsUnderWay() {
    return warmUps.size();
  }

  private void haltWatches(String reason) {
    watches.forEach(watch -> watch.halt(reason));
  }

  /** Refuses once the run is closed or has halted: nothing more is applied. */
  private synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the run is closed; open another with Shakedown.open");
    }
    checkNotHalted();
  }

  private synchronized Undo currentScope() {
    return scope;
  }

  private synchronized KillReceipt killAll(String cloud, List<Instance> victims) {
    String killing =
        "killing " + String.join(", ", victims.stream().map(Instance::qualifiedId).toList());
    return handled(
        applying(killing, () -> disruptions().kill(scope, Map.of(cloud, victims)).get(0)));
  }

  /** What the API gives out reverts as the run's own, and words its failures redacted. */
  private Handle handled(Handle handle) {
    return new RedactedHandle(handle, errors, context.config().redactor());
  }

  private KillReceipt handled(KillReceipt kill) {
    return new KillReceipt(
        kill.cloud(), kill.killed(), kill.before(), kill.at(), kill.done(), handled(kill.handle()));
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
