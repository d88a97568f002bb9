package dev.shakedown.runner;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.SafetySettings;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.evidence.EvidenceWriter;
import dev.shakedown.faults.NetworkFaults;
import dev.shakedown.fleet.Disruptions;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.Services;
import dev.shakedown.traffic.HaltCondition;
import dev.shakedown.traffic.Monitor;
import dev.shakedown.traffic.ProbeTarget;
import dev.shakedown.traffic.RequestTemplate;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a running scenario can reach: the config, one fleet per cloud, and where evidence goes.
 * Built by the runner for one run; step definitions get it from {@link ActiveRun}.
 */
public final class RunContext {
  private final RunId id;
  private final Path directory;
  private final ShakedownConfig config;
  private final Map<String, Fleet> fleets;
  private final EvidenceWriter evidence;
  private final Disruptions disruptions;
  private volatile String halted;
  private final List<Consumer<String>> haltListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Consumer<String> planner;
  private final NetworkFaults networkFaults;
  private final Undo undo;
  private final RunListener listener;
  private final Services services;
  private final dev.shakedown.backup.BackupStoreProviders backupStores;

  /**
   * @param planner in a dry run, where steps say what they would do; null in a real run
   */
  RunContext(
      RunId id,
      Path directory,
      ShakedownConfig config,
      Map<String, Fleet> fleets,
      NetworkFaults networkFaults,
      Undo undo,
      RunListener listener,
      Consumer<String> planner,
      Services services,
      dev.shakedown.backup.BackupStoreProviders backupStores) {
    this.listener = listener;
    this.backupStores = backupStores;
    this.services = services;
    this.networkFaults = networkFaults;
    this.undo = undo;
    this.id = id;
    this.directory = directory;
    this.config = config;
    this.fleets = Map.copyOf(fleets);
    this.planner = planner;
    this.evidence = new EvidenceWriter(directory.resolve("evidence"), config.redactor());
    this.disruptions = new Disruptions(this.fleets, config.clouds(), config.redactor());
  }

  /**
   * Stops a service of the config and starts {@code command} in its place (a store restored from a
   * backup), waiting until it is ready again.
   */
  public void replaceService(String service, String command, Map<String, String> placeholders) {
    services().replace(service, command, placeholders);
  }

  /**
   * A process beside the services (a scratch copy) on a free port, its {port}, ended with them or
   * by {@link #stopProcess}; returns once it answers on {@code readyPath}.
   *
   * @return the port
   */
  public int startProcess(
      String name,
      String command,
      Map<String, String> placeholders,
      String readyPath,
      java.time.Duration timeout) {
    return services().startExtra(name, command, placeholders, readyPath, timeout);
  }

  public void stopProcess(String name) {
    services().stopExtra(name);
  }

  /** Whether the local service answers on its ready URL now. */
  public boolean serving(String service) {
    return services().serving(service);
  }

  public boolean hasService(String service) {
    return config.services().containsKey(service);
  }

  private Services services() {
    if (services == null) {
      throw new IllegalStateException("no local services in a dry run");
    }
    return services;
  }

  /**
   * The run's open handles: a scenario keeps its own in a {@link Undo#scope() scope} of this one,
   * and what a scenario could not revert stays open here, for the run's end and the sweep.
   */
  public Undo undo() {
    return undo;
  }

  /**
   * What a load sends, from the deployment's {@code load:} settings; refused, with how to fix it,
   * when the config has none.
   */
  public RequestTemplate loadRequests() {
    var deployment =
        config
            .deployment()
            .orElseThrow(
                () ->
                    new dev.shakedown.ShakedownException(
                        "a load needs the deployment's endpoint and what to send: add 'deployment: { endpoint: ..., load: { method: POST, path: ..., body: ... } }' to the config"));
    if (deployment.load() == null) {
      throw new dev.shakedown.ShakedownException(
          "the config does not say what a request of the load is: add 'load:' under 'deployment:' (method, path, body, acceptedId, readBack)");
    }
    return new RequestTemplate(deployment.endpoint(), deployment.load());
  }

  /** What the sentences call the load's requests: {@code load.name}, else "requests". */
  public dev.shakedown.config.Noun loadNoun() {
    return config.loadNoun();
  }

  /** One line of live progress (a load under way), for a terminal to show. */
  public void progress(String line) {
    listener.progress(line);
  }

  /**
   * The run's network faults, their handles kept in {@code scope}; refused when the config names no
   * link.
   */
  public NetworkFaults networkFaults(Undo scope) {
    if (networkFaults == null) {
      throw new dev.shakedown.ShakedownException(
          "no network link is set up for this run: name the links faults go into under a cloud's 'proxies:' in the config");
    }
    return networkFaults.within(scope);
  }

  /**
   * Link names as steps write them ({@code cloud-a/store}), from the config: known in a dry run
   * too.
   */
  public java.util.Set<String> linkNames() {
    return config.links().keySet();
  }

  /**
   * True in a dry run: steps resolve their targets and say what they would do, touching nothing.
   */
  public boolean planning() {
    return planner != null;
  }

  /** In a dry run, records what the running step would do. */
  public void plan(String action) {
    if (planner != null) {
      planner.accept(action);
    }
  }

  public Disruptions disruptions() {
    return disruptions;
  }

  /**
   * Starts the background monitor of the deployment, halting the run when the strictest halt
   * condition of the clouds trips.
   */
  public Monitor startMonitor() {
    List<ProbeTarget> targets = probeTargets();
    Duration interval =
        targets.stream()
            .map(t -> t.settings().interval())
            .min(Comparator.naturalOrder())
            .orElse(Duration.ofMillis(100));
    Monitor started = Monitor.start(targets, interval, haltCondition(), this::halt);
    monitor = started;
    return started;
  }

  private volatile Monitor monitor;

  /** The monitor a scenario started last, for a live view of the deployment's figures. */
  public Optional<Monitor> latestMonitor() {
    return Optional.ofNullable(monitor);
  }

  /** The strictest halt condition of the clouds: the highest floor, the shortest patience. */
  Optional<HaltCondition> haltCondition() {
    return config.clouds().values().stream()
        .map(cloud -> cloud.settings().safety())
        .reduce(
            (a, b) ->
                new SafetySettings(
                    Math.min(a.maxInstancesDown(), b.maxInstancesDown()),
                    a.haltBelow().compareTo(b.haltBelow()) >= 0 ? a.haltBelow() : b.haltBelow(),
                    a.haltAfter().compareTo(b.haltAfter()) <= 0 ? a.haltAfter() : b.haltAfter(),
                    a.revertTimeout()))
        .map(safety -> new HaltCondition(safety.haltBelow(), safety.haltAfter()));
  }

  /**
   * Marks the run halted: whatever listens stops (a load under way), and the scenarios still to
   * come are skipped.
   */
  public void halt(String reason) {
    synchronized (haltListeners) {
      if (halted != null) {
        return;
      }
      halted = reason;
    }
    haltListeners.forEach(listener -> listener.accept(reason));
  }

  /** The backup stores the config was checked against, which a dataset's {@code store:} names. */
  public dev.shakedown.backup.BackupStoreProviders backupStores() {
    return backupStores;
  }

  /** How a load started in this run reports its progress and events and hears of a halt. */
  public dev.shakedown.traffic.RunningLoad.Hooks loadHooks(
      dev.shakedown.evidence.Evidence evidence) {
    return new dev.shakedown.traffic.RunningLoad.Hooks(
        this::progress, evidence::event, this::onHalt, this::workerEngine);
  }

  /**
   * Where the workers of a distributed load run, as its {@code load.engine} says; a Kubernetes Job
   * is recorded in the run's own ledger, so that a Ctrl-C or the next sweep deletes it.
   *
   * @param sending how long the workers send once started, for a Job's deadline
   */
  public dev.shakedown.traffic.workers.WorkerEngine workerEngine(
      dev.shakedown.config.LoadSettings load, java.time.Duration sending) {
    if (load.engine().equals(dev.shakedown.config.LoadSettings.KUBERNETES)) {
      return new dev.shakedown.kubernetes.KubernetesJobWorkers(load, undo, sending);
    }
    return new dev.shakedown.traffic.workers.LocalWorkers();
  }

  /**
   * Told once, with the reason, when the run halts: a load stops at once.
   *
   * @return removes the listener, once what it stops is over
   */
  public Runnable onHalt(Consumer<String> listener) {
    haltListeners.add(listener);
    if (halted != null) {
      listener.accept(halted);
    }
    return () -> haltListeners.remove(listener);
  }

  public Optional<String> halted() {
    return Optional.ofNullable(halted);
  }

  /**
   * Waits until {@code until} (a "for 20 seconds" of a scenario), ending at once if the run halts.
   */
  public void awaitUntil(java.time.Instant until) {
    dev.shakedown.poll.Poll.sleepUntil(
        until,
        Duration.ofMillis(100),
        () ->
            halted()
                .ifPresent(
                    reason -> {
                      throw new dev.shakedown.traffic.HaltedException(reason);
                    }));
  }

  public RunId id() {
    return id;
  }

  public Path directory() {
    return directory;
  }

  /**
   * The history the config names ({@code history:}), else {@code history/} beside this run's
   * folder; the caller closes it.
   */
  public dev.shakedown.history.HistoryStore history() {
    return dev.shakedown.history.HistoryStores.open(
        config.history(), directory.toAbsolutePath().getParent());
  }

  /**
   * The history as it stood when this run first asked: read once, as nothing adds to it until this
   * run ends.
   */
  public synchronized dev.shakedown.history.HistoryStore.Listing earlierRuns() {
    if (earlierRuns == null && earlierRunsFailure == null) {
      try (dev.shakedown.history.HistoryStore store = history()) {
        earlierRuns = store.list();
      } catch (RuntimeException e) {
        earlierRunsFailure = e; // said once per step that asks, not waited for again
      }
    }
    if (earlierRunsFailure != null) {
      throw earlierRunsFailure;
    }
    return earlierRuns;
  }

  private dev.shakedown.history.HistoryStore.Listing earlierRuns;
  private RuntimeException earlierRunsFailure;

  public ShakedownConfig config() {
    return config;
  }

  private volatile Pacer pacer = Pacer.NONE;
  private volatile OperatorGate gate;
  private volatile OperatorNotes notes;

  /** A game day's pacing and notes, set before the first scenario starts. */
  void gameday(Optional<GamedayOptions> gameday) {
    gameday.ifPresent(
        options -> {
          pacer = options.pacer();
          notes = options.notes();
          gate = new OperatorGate(pacer, OperatorGate.Run.of(this));
          undo.gate(gate);
        });
  }

  /** Who says when a disruption may go: the operator on a game day, else nobody. */
  public Pacer pacer() {
    return pacer;
  }

  /** The game day's gate, through which a step asks before it disrupts. */
  Optional<OperatorGate> gate() {
    return Optional.ofNullable(gate);
  }

  /** The operator's notes, on a game day. */
  public Optional<OperatorNotes> notes() {
    return Optional.ofNullable(notes);
  }

  public EvidenceWriter evidence() {
    return evidence;
  }

  public Optional<Fleet> fleet(String cloud) {
    return Optional.ofNullable(fleets.get(cloud));
  }

  /**
   * Where "the deployment is serving" looks: the public endpoint when the config names one;
   * otherwise every cloud's own endpoint; for a cloud without one, each of its instances.
   */
  public List<ProbeTarget> probeTargets() {
    var deployment = config.deployment();
    if (deployment.isPresent()) {
      return List.of(
          new ProbeTarget(
              "deployment", deployment.get().endpoint(), deployment.get().probe(), configFiles()));
    }
    List<ProbeTarget> targets = new ArrayList<>();
    for (Cloud cloud : config.clouds().values()) {
      if (cloud.settings().endpoint() != null) {
        targets.add(
            new ProbeTarget(
                cloud.name(),
                cloud.settings().endpoint(),
                cloud.settings().probe(),
                cloud.location()));
        continue;
      }
      for (Instance instance : fleet(cloud.name()).map(Fleet::instances).orElse(List.of())) {
        targets.add(
            new ProbeTarget(
                instance.qualifiedId(),
                instance.address(),
                cloud.settings().probe(),
                cloud.location()));
      }
    }
    return targets;
  }

  private String configFiles() {
    return String.join(", ", config.files().stream().map(Path::toString).toList());
  }
}
