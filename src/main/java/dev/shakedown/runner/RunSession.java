package dev.shakedown.runner;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.faults.Links;
import dev.shakedown.faults.NetworkFaults;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Ledger;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Reverts;
import dev.shakedown.undo.RunLock;
import dev.shakedown.undo.Sweep;
import dev.shakedown.undo.Undo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One real run's hold on its targets, from its lock to the end of its revert: what {@code shakedown
 * run} executes features inside, and what the Java API opens. It is opened in two steps so that an
 * interrupt can reach it while the targets are still starting: {@link #begin} takes the lock,
 * sweeps what a dead run left and opens the ledger; {@link #openTargets} starts the services, links
 * and fleets. {@link #close} reverts whatever is still applied, ends the processes and releases the
 * lock; {@link #abort} does the same at once from another thread.
 */
public final class RunSession implements AutoCloseable {
  /** How long an interrupted run may take to revert what it applied, cloud calls included. */
  public static final Duration ABORT_BOUND = Duration.ofSeconds(60);

  static final String INTERRUPTED =
      "interrupted (Ctrl-C, SIGTERM or the operator's abort); reverting what the run applied";

  private final RunId id;
  private final Path directory;
  private final ShakedownConfig config;
  private final FleetProviders providers;
  private final RunListener listener;
  private final RunLock lock;
  private final Ledger ledger;
  private final Undo undo;
  private final Thread revertOnExit;
  private final AtomicBoolean aborting = new AtomicBoolean();
  private final CompletableFuture<List<String>> aborted = new CompletableFuture<>();
  private volatile Targets targets;
  private volatile RunContext context;
  private List<String> left;
  private boolean closed;

  private RunSession(
      RunId id,
      Path directory,
      ShakedownConfig config,
      FleetProviders providers,
      RunListener listener,
      RunLock lock,
      Ledger ledger) {
    this.id = id;
    this.directory = directory;
    this.config = config;
    this.providers = providers;
    this.listener = listener;
    this.lock = lock;
    this.ledger = ledger;
    this.undo = Undo.of(ledger);
    // Where nobody handles signals (an embedding, a test JVM, SIGHUP): revert on the way out, and
    // leave with 2 if something stays applied.
    this.revertOnExit =
        new Thread(
            () -> {
              if (!abort(ABORT_BOUND, listener::info).isEmpty()) {
                Runtime.getRuntime().halt(ExitCode.UNUSABLE.code());
              }
            },
            "shakedown-revert-on-exit");
  }

  /**
   * Takes the run's lock, opens its ledger and reverts what a dead run left, refusing (and leaving
   * nothing behind) when what the sweep could not revert is on this run's targets.
   *
   * @param reportsRoot where the ledgers and locks of every run live
   * @param directory this run's folder: instance and service output goes under it
   */
  public static RunSession begin(
      ShakedownConfig config,
      FleetProviders providers,
      Path reportsRoot,
      RunId id,
      Path directory,
      Function<String, String> environment,
      RunListener listener) {
    // The lock first: from now on, no other run's sweep touches this run's ledger.
    RunLock lock = RunLock.acquire(reportsRoot, id.value());
    Ledger ledger = null;
    try {
      ledger = Ledger.open(reportsRoot, id.value());
      // What a dead run left behind is reverted before this run adds anything.
      Sweep.Report swept =
          Sweeps.sweep(reportsRoot, id.value(), false, Optional.of(config), providers, environment);
      swept.warnings().forEach(line -> listener.info("ledger: " + line));
      swept.lines().forEach(line -> listener.info("sweep: " + line));
      refuseOverlap(swept, config, reportsRoot);
      RunSession session = new RunSession(id, directory, config, providers, listener, lock, ledger);
      Runtime.getRuntime().addShutdownHook(session.revertOnExit);
      return session;
    } catch (RuntimeException | Error e) {
      if (ledger != null) {
        ledger.delete();
        ledger.close();
      }
      lock.close();
      throw e;
    }
  }

  /**
   * Starts the config's services, opens its links and fleets, and returns what the run's steps
   * reach. Whatever starts is recorded in the ledger first, so that a run killed meanwhile leaves
   * it to the next run's sweep.
   */
  public RunContext openTargets() {
    if (targets != null) {
      throw new IllegalStateException("the run's targets are open already");
    }
    Targets opened = Targets.open(config, providers, directory, undo, listener::info);
    targets = opened;
    if (aborting.get()) {
      opened.close(); // interrupted while they started: the abort may have missed them
    }
    NetworkFaults faults = opened.links().map(links -> new NetworkFaults(links, undo)).orElse(null);
    RunContext opening =
        new RunContext(
            id,
            directory,
            config,
            opened.fleets(),
            faults,
            undo,
            listener,
            null,
            opened.services(),
            providers.stores());
    context = opening;
    if (aborting.get()) {
      opening.halt(INTERRUPTED);
    }
    return opening;
  }

  public RunId id() {
    return id;
  }

  public Path directory() {
    return directory;
  }

  /** The run's handles, each scenario or test keeping its own in a scope of this one. */
  public Undo undo() {
    return undo;
  }

  /**
   * Stops the run from another thread (Ctrl-C, SIGTERM): halts it, so its steps and load stop,
   * reverts every open handle at once within {@code within} (cloud calls included), ends the run's
   * processes, and says each outcome to {@code progress}. Returns what is still applied; empty when
   * everything was reverted.
   */
  public List<String> abort(Duration within, Consumer<String> progress) {
    if (!aborting.compareAndSet(false, true)) {
      return awaitAbort(); // a second caller (the shutdown hook) waits for the first
    }
    try {
      undo.seal("the run is being interrupted");
      RunContext running = context;
      if (running != null) {
        running.halt(INTERRUPTED);
      }
      undo.revertAll(within, handle -> !Undo.endsWithRun(handle), progress);
      Targets started = targets;
      if (started != null) {
        started.close(); // the supervisors first, then every process of the run
      }
      endWithRun(progress);
      // Processes started while the targets were still opening: the targets could not end them.
      undo.revertAll(
          within, handle -> handle.entry() instanceof LedgerEntry.StartedProcess, progress);
      List<String> still = describe(undo.open());
      // The JVM exits next: the ledger goes if nothing is open, and the lock says the run is over.
      if (still.isEmpty()) {
        ledger.delete();
      }
      lock.close();
      aborted.complete(still);
      return still;
    } catch (RuntimeException | Error e) {
      aborted.complete(describe(undo.open()));
      throw e;
    }
  }

  /** Whether the run was interrupted ({@link #abort}). */
  public boolean interrupted() {
    return aborting.get();
  }

  /** What the run still has applied, one line each, as the console lists it. */
  public List<String> stillApplied() {
    return describe(undo.open());
  }

  /** The disruptions still applied (a fault, an instance down), one line each. */
  public List<String> disruptionsApplied() {
    return describe(undo.openDisruptions());
  }

  /**
   * What is applied now and since when, and the probes of the last {@code span}: never waits for
   * anything, a live view asks it every half second.
   */
  public RunStatus status(java.time.Duration span) {
    List<RunStatus.Applied> applied =
        undo.openDisruptions().stream()
            .map(handle -> new RunStatus.Applied(handle.description(), handle.since()))
            .toList();
    java.util.Optional<dev.shakedown.traffic.Monitor> monitor =
        java.util.Optional.ofNullable(context).flatMap(RunContext::latestMonitor);
    return new RunStatus(
        applied,
        monitor.map(m -> m.recent(span)),
        monitor.map(dev.shakedown.traffic.Monitor::inFlight).orElse(0));
  }

  /**
   * Ends the run: closes the targets (ending their processes), tries once more whatever is still
   * open and releases the lock. What is then still applied stays in the ledger, for the sweep.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!aborting.get()) {
        undo.seal("the run is ending");
        // What needs the targets to revert (a toxic in the embedded proxy, a cloud's API client)
        // is reverted while they are still open; what ends with them ends next.
        undo.revertAll(handle -> !Undo.endsWithRun(handle));
      }
    } finally {
      closeTargetsAndFinish();
    }
  }

  private void closeTargetsAndFinish() {
    try {
      Targets started = targets;
      if (started != null) {
        started.close();
      }
    } finally {
      try {
        left = aborting.get() ? awaitAbort() : finish();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(revertOnExit);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running or has run: it is the one reverting.
        }
        ledger.close();
        lock.close();
      }
    }
  }

  /** What stayed applied when the run closed: empty when everything was reverted. */
  public synchronized List<String> left() {
    if (left == null) {
      throw new IllegalStateException("the run is still open");
    }
    return left;
  }

  /**
   * The end of a run: whatever is still open (a revert that failed in a scenario) is tried once
   * more; what is then still applied is the run's to report, and stays in the ledger for the sweep.
   * A ledger with nothing open is removed.
   */
  private List<String> finish() {
    endWithRun(note -> {});
    Reverts last = undo.revertAll();
    if (last.complete()) {
      ledger.delete();
    }
    return last.left();
  }

  /**
   * Once the run's processes are ended, what was done to a local cloud (an instance stopped, killed
   * and awaiting its replacement) has ended with them: closed as ended, not as reverted.
   */
  private void endWithRun(Consumer<String> progress) {
    for (Handle handle : undo.open()) {
      if (Undo.endsWithRun(handle) && !(handle.entry() instanceof LedgerEntry.StartedProcess)) {
        handle.end("its local cloud ended with the run: its processes are ended");
        progress.accept("ended: " + handle.description() + " (its local cloud ended with the run)");
      }
    }
  }

  private List<String> awaitAbort() {
    try {
      return aborted.get(ABORT_BOUND.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return describe(undo.open());
    } catch (ExecutionException | TimeoutException e) {
      return describe(undo.open());
    }
  }

  private static List<String> describe(List<Handle> handles) {
    return handles.stream()
        .map(h -> h.description() + h.failure().map(f -> " (" + f + ")").orElse(""))
        .toList();
  }

  /**
   * Refuses to start on targets a dead run left disrupted where the sweep could not revert it (a
   * Toxiproxy that does not answer, a cloud's API that refuses): this run's checks would measure
   * that fault, not the change under test.
   */
  private static void refuseOverlap(Sweep.Report swept, ShakedownConfig config, Path reports) {
    List<String> overlap = new ArrayList<>();
    for (LedgerEntry entry : swept.stuck()) {
      if (onTargets(entry, config)) {
        overlap.add(entry.description());
      }
    }
    if (!overlap.isEmpty()) {
      throw new ShakedownException(
          "refused: a run that died left "
              + String.join("; ", overlap)
              + " on targets of this run, and the sweep could not revert it (see the sweep lines"
              + " above); this run would measure that fault. Fix what the sweep said, then run"
              + " shakedown sweep --reports "
              + reports
              + ". Nothing was touched.");
    }
  }

  private static boolean onTargets(LedgerEntry entry, ShakedownConfig config) {
    if (entry instanceof LedgerEntry.Toxic toxic) {
      return usesProxy(config, toxic.server(), toxic.proxy());
    } else if (entry instanceof LedgerEntry.LinkCut cut) {
      return usesProxy(config, cut.server(), cut.proxy());
    } else if (entry instanceof LedgerEntry.InstanceStopped stopped) {
      return config.cloud(stopped.cloud().name()).isPresent();
    } else if (entry instanceof LedgerEntry.InstancesKilled killed) {
      return config.cloud(killed.cloud().name()).isPresent();
    } else if (entry instanceof LedgerEntry.InstanceRebooted rebooted) {
      return config.cloud(rebooted.cloud().name()).isPresent();
    }
    return false;
  }

  private static boolean usesProxy(ShakedownConfig config, URI server, String proxy) {
    return config.clouds().values().stream()
        .filter(c -> c.settings().toxiproxy() != null)
        .filter(c -> Links.withoutCredentials(c.settings().toxiproxy().url()).equals(server))
        .anyMatch(
            c ->
                c.settings().proxies().keySet().stream()
                    .anyMatch(p -> (c.name() + "." + p).equals(proxy)));
  }
}
