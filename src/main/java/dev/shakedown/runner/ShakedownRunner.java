package dev.shakedown.runner;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ControlsFile;
import dev.shakedown.config.Redactor;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.faults.NetworkFaults;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.report.AllureEnvironment;
import dev.shakedown.report.ComplianceReports;
import dev.shakedown.report.Manifest;
import dev.shakedown.report.RunMetadata;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.ScenarioResult;
import dev.shakedown.traffic.Probes;
import dev.shakedown.undo.Handle;
import dev.shakedown.undo.Ledger;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Reverts;
import dev.shakedown.undo.RunLock;
import dev.shakedown.undo.Sweep;
import dev.shakedown.undo.Undo;
import io.cucumber.tagexpressions.TagExpressionException;
import io.cucumber.tagexpressions.TagExpressionParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs features through the JUnit Platform Launcher and the Cucumber engine: loads and validates
 * the config, checks every step is defined (a Cucumber dry run, so an unknown sentence costs no
 * fault), starts one fleet per cloud, runs, writes the reports and decides the exit code.
 */
public final class ShakedownRunner {
  private static final String ENGINE = "cucumber";

  /** How long an interrupted run may take to revert what it applied, cloud calls included. */
  public static final Duration ABORT_BOUND = Duration.ofSeconds(60);

  /** How long a run waits for the probes' warm-up before its scenarios (seconds at most). */
  private static final Duration WARM_UP_BOUND = Duration.ofSeconds(15);

  private static final String INTERRUPTED =
      "interrupted (Ctrl-C or SIGTERM); reverting what the run applied";

  private final RunListener listener;
  private volatile Active running;

  public ShakedownRunner(RunListener listener) {
    this.listener = listener;
  }

  public RunResult run(RunOptions options) {
    Instant started = Instant.now();
    FleetProviders providers = FleetProviders.load();
    ConfigLoader loader = new ConfigLoader(providers, options.environment());
    ShakedownConfig config = loader.load(options.clouds());
    listener.secrets(config.redactor());
    ControlsFile controls = Controls.load(options.controls(), loader);
    List<DiscoverySelector> selectors = FeatureSelection.selectors(options.features());
    options.tags().ifPresent(ShakedownRunner::checkTags);

    Observations preflight = new Observations(config.redactor(), RunListener.SILENT);
    List<String> engineProblems =
        execute(request(options, selectors, true, List.of()), null, preflight);
    List<String> problems = new ArrayList<>(engineProblems);
    problems.addAll(preflight.stepProblems());
    problems.addAll(EmptyOutlines.in(options.features()));
    problems.addAll(Controls.unknownTags(preflight.planned(), controls, options.controls()));
    if (problems.isEmpty() && preflight.planned().isEmpty()) {
      problems.add(
          "no scenario selected in "
              + String.join(", ", options.features())
              + options.tags().map(t -> " with --tags \"" + t + "\"").orElse("")
              + "; check the paths and the tag expression");
    }
    if (!problems.isEmpty()) {
      return RunResult.withoutRun(problems, Duration.between(started, Instant.now()));
    }
    if (options.dryRun()) {
      return plan(options, selectors, config, providers, started);
    }

    Thread warmUp = new Thread(Probes::warmUp, "shakedown-probe-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    RunId id = RunId.next(started);
    Path directory = createRunDirectory(options.reportsRoot(), id);
    listener.runStarted(id, directory, preflight.planned().size());
    Observations observations = new Observations(config.redactor(), listener);
    List<String> runProblems;
    List<String> left;
    boolean interrupted;
    boolean halted = false;
    // The lock first: from now on, no other run's sweep touches this run's ledger.
    try (RunLock lock = RunLock.acquire(options.reportsRoot(), id.value());
        Ledger ledger = Ledger.open(options.reportsRoot(), id.value())) {
      // What a dead run left behind is reverted before this run adds anything.
      Sweep.Report swept =
          Sweeps.sweep(
              options.reportsRoot(),
              id.value(),
              false,
              Optional.of(config),
              providers,
              options.environment());
      swept.warnings().forEach(line -> listener.info("ledger: " + line));
      swept.lines().forEach(line -> listener.info("sweep: " + line));
      try {
        refuseOverlap(swept, config, options.reportsRoot());
      } catch (ShakedownException refused) {
        ledger.delete();
        throw refused;
      }
      Undo undo = Undo.of(ledger);
      Active active = new Active(undo, ledger, lock);
      running = active;
      // Where the CLI does not handle signals itself (an embedding, SIGHUP): revert on the way out,
      // and leave with 2 if something stays applied.
      Thread revertOnExit =
          new Thread(
              () -> {
                if (!abort(ABORT_BOUND, listener::info).isEmpty()) {
                  Runtime.getRuntime().halt(ExitCode.UNUSABLE.code());
                }
              },
              "shakedown-revert-on-exit");
      Runtime.getRuntime().addShutdownHook(revertOnExit);
      try {
        Targets targets = Targets.open(config, providers, directory, undo, listener::info);
        active.targets = targets;
        if (active.aborting.get()) {
          targets.close(); // interrupted while they started: the abort may have missed them
        }
        try {
          NetworkFaults faults =
              targets.links().map(links -> new NetworkFaults(links, undo)).orElse(null);
          RunContext context =
              new RunContext(
                  id,
                  directory,
                  config,
                  targets.fleets(),
                  faults,
                  undo,
                  listener,
                  null,
                  targets.services());
          active.context = context;
          if (active.aborting.get()) {
            context.halt(INTERRUPTED);
          }
          // Groovy (under REST Assured) and Cucumber's glue scan each open the jar as a zip file
          // system, and the second to do so at once fails the whole run: the warm-up ends first.
          awaitWarmUp(warmUp);
          runProblems =
              execute(
                  request(options, selectors, false, reportPlugins(directory)),
                  context,
                  observations);
          halted = context.halted().isPresent();
        } finally {
          targets.close();
        }
      } finally {
        left = active.aborting.get() ? active.awaitAbort() : finish(undo, ledger);
        running = null;
        removeHook(revertOnExit);
      }
      interrupted = active.aborting.get();
    }
    Instant finished = Instant.now();
    RunMetadata metadata =
        RunMetadata.collect(
            id.value(), started, finished, config.clouds().keySet(), options.environment());
    AllureEnvironment.write(directory.resolve("allure-results"), metadata, config.redactor());
    List<ScenarioOutcome> outcomes = observations.outcomes();
    writeRecord(directory, metadata, outcomes, controls, config.redactor());
    List<String> allProblems = new ArrayList<>(runProblems);
    allProblems.addAll(observations.stepProblems());
    allProblems.addAll(duplicateExecutions(observations));
    return new RunResult(
        Optional.of(id),
        Optional.of(directory),
        outcomes,
        allProblems,
        left,
        Duration.between(started, finished),
        !left.isEmpty()
            ? ExitCode.UNUSABLE
            : interrupted ? ExitCode.INTERRUPTED : exitCode(outcomes, allProblems, halted),
        reportFiles(directory));
  }

  private static void awaitWarmUp(Thread warmUp) {
    try {
      warmUp.join(WARM_UP_BOUND.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Refuses to start on targets a dead run left disrupted where the sweep could not revert it (a
   * Toxiproxy that does not answer, a cloud's API that refuses): this run's checks would measure
   * that fault, not the change under test.
   */
  private static void refuseOverlap(Sweep.Report swept, ShakedownConfig config, Path reports) {
    List<String> overlap = new ArrayList<>();
    for (LedgerEntry entry : swept.stuck()) {
      if (entry instanceof LedgerEntry.Toxic toxic) {
        if (usesProxy(config, toxic.server(), toxic.proxy())) {
          overlap.add(entry.description());
        }
      } else if (entry instanceof LedgerEntry.LinkCut cut) {
        if (usesProxy(config, cut.server(), cut.proxy())) {
          overlap.add(entry.description());
        }
      } else if (entry instanceof LedgerEntry.InstanceStopped stopped) {
        if (config.cloud(stopped.cloud().name()).isPresent()) {
          overlap.add(entry.description());
        }
      } else if (entry instanceof LedgerEntry.InstancesKilled killed) {
        if (config.cloud(killed.cloud().name()).isPresent()) {
          overlap.add(entry.description());
        }
      } else if (entry instanceof LedgerEntry.InstanceRebooted rebooted
          && config.cloud(rebooted.cloud().name()).isPresent()) {
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

  private static boolean usesProxy(ShakedownConfig config, java.net.URI server, String proxy) {
    return config.clouds().values().stream()
        .filter(c -> c.settings().toxiproxy() != null)
        .filter(
            c ->
                dev.shakedown.faults.Links.withoutCredentials(c.settings().toxiproxy().url())
                    .equals(server))
        .anyMatch(
            c ->
                c.settings().proxies().keySet().stream()
                    .anyMatch(p -> (c.name() + "." + p).equals(proxy)));
  }

  /**
   * The end of a run: whatever is still open (a revert that failed in a scenario) is tried once
   * more; what is then still applied is the run's to report, and stays in the ledger for the sweep.
   * A ledger with nothing open is removed.
   */
  private static List<String> finish(Undo undo, Ledger ledger) {
    endWithRun(undo, note -> {});
    Reverts last = undo.revertAll();
    if (last.complete()) {
      ledger.delete();
    }
    return last.left();
  }

  /**
   * Stops the run from another thread (Ctrl-C, SIGTERM): halts it, so its steps and load stop,
   * reverts every open handle at once within {@code within} (cloud calls included), ends the run's
   * processes, and says each outcome to {@code progress}. Returns what is still applied; empty when
   * everything was reverted, or nothing was running.
   */
  public List<String> abort(Duration within, Consumer<String> progress) {
    Active active = running;
    if (active == null) {
      return List.of();
    }
    if (!active.aborting.compareAndSet(false, true)) {
      return active.awaitAbort(); // a second caller (the shutdown hook) waits for the first
    }
    try {
      active.undo.seal("the run is being interrupted");
      RunContext context = active.context;
      if (context != null) {
        context.halt(INTERRUPTED);
      }
      active.undo.revertAll(within, handle -> !Undo.endsWithRun(handle), progress);
      Targets targets = active.targets;
      if (targets != null) {
        targets.close(); // the supervisors first, then every process of the run
      }
      endWithRun(active.undo, progress);
      // Processes started while the targets were still opening: the targets could not end them.
      active.undo.revertAll(
          within, handle -> handle.entry() instanceof LedgerEntry.StartedProcess, progress);
      List<String> left = describe(active.undo.open());
      // The JVM exits next: the ledger goes if nothing is open, and the lock says the run is over.
      if (left.isEmpty()) {
        active.ledger.delete();
      }
      active.lock.close();
      active.aborted.complete(left);
      return left;
    } catch (RuntimeException | Error e) {
      active.aborted.complete(describe(active.undo.open()));
      throw e;
    }
  }

  /** Whether a run is under way: between its lock and the end of its revert. */
  public boolean running() {
    return running != null;
  }

  /** What the running run still has applied, one line each, as the console lists it. */
  public List<String> stillApplied() {
    Active active = running;
    return active == null ? List.of() : describe(active.undo.open());
  }

  private static List<String> describe(List<Handle> handles) {
    return handles.stream()
        .map(h -> h.description() + h.failure().map(f -> " (" + f + ")").orElse(""))
        .toList();
  }

  /** The run in progress, for {@link #abort}: set once each part exists. */
  private static final class Active {
    final Undo undo;
    final Ledger ledger;
    final RunLock lock;
    final java.util.concurrent.atomic.AtomicBoolean aborting =
        new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.concurrent.CompletableFuture<List<String>> aborted =
        new java.util.concurrent.CompletableFuture<>();
    volatile Targets targets;
    volatile RunContext context;

    Active(Undo undo, Ledger ledger, RunLock lock) {
      this.undo = undo;
      this.ledger = ledger;
      this.lock = lock;
    }

    /** What the abort left applied, once it is over. */
    List<String> awaitAbort() {
      try {
        return aborted.get(ABORT_BOUND.toSeconds() + 30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return describe(undo.open());
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        return describe(undo.open());
      }
    }
  }

  /**
   * Once the run's processes are ended, what a scenario did to a local cloud (an instance stopped,
   * killed and awaiting its replacement) has ended with them: closed as ended, not as reverted.
   */
  private static void endWithRun(Undo undo, Consumer<String> progress) {
    for (Handle handle : undo.open()) {
      if (Undo.endsWithRun(handle) && !(handle.entry() instanceof LedgerEntry.StartedProcess)) {
        handle.end("its local cloud ended with the run: its processes are ended");
        progress.accept("ended: " + handle.description() + " (its local cloud ended with the run)");
      }
    }
  }

  /**
   * A dry run: every scenario runs with its clouds only listed (nothing started, killed or probed),
   * its steps saying what they would do. Blast-radius refusals show here, before a real run.
   */
  private RunResult plan(
      RunOptions options,
      List<DiscoverySelector> selectors,
      ShakedownConfig config,
      FleetProviders providers,
      Instant started) {
    Observations planning = new Observations(config.redactor(), RunListener.SILENT);
    List<String> problems;
    try (Targets targets =
        Targets.plan(config, providers, options.reportsRoot(), planning::action, listener::info)) {
      RunContext context =
          new RunContext(
              new RunId("dry-run"),
              options.reportsRoot(),
              config,
              targets.fleets(),
              null,
              Undo.discarding(),
              RunListener.SILENT,
              planning::action,
              null);
      problems =
          new ArrayList<>(
              execute(request(options, selectors, false, List.of()), context, planning));
    }
    listener.plan(planning.planned());
    for (ScenarioOutcome outcome : planning.outcomes()) {
      if (outcome.verdict() != ScenarioOutcome.Verdict.PASSED) {
        problems.add(outcome.location() + ": " + outcome.message());
      }
    }
    return RunResult.withoutRun(problems, Duration.between(started, Instant.now()));
  }

  /**
   * @param halted the run halted: a failure of the run whatever step was running, and the scenarios
   *     it skipped were not run, never held
   */
  private static ExitCode exitCode(
      List<ScenarioOutcome> outcomes, List<String> problems, boolean halted) {
    if (!problems.isEmpty()
        || outcomes.stream().anyMatch(o -> o.verdict() == ScenarioOutcome.Verdict.UNUSABLE)) {
      return ExitCode.UNUSABLE;
    }
    if (halted || outcomes.stream().anyMatch(o -> o.verdict() == ScenarioOutcome.Verdict.FAILED)) {
      return ExitCode.FAILED;
    }
    return ExitCode.PASSED;
  }

  private static List<String> duplicateExecutions(Observations observations) {
    return observations.executions().entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(
            e ->
                e.getKey()
                    + ": scenario ran "
                    + e.getValue()
                    + " times in one run; this is a Shakedown bug, please report it")
        .toList();
  }

  private static void checkTags(String tags) {
    try {
      TagExpressionParser.parse(tags);
    } catch (TagExpressionException e) {
      throw new ShakedownException(
          "--tags \""
              + tags
              + "\" is not a tag expression ("
              + e.getMessage()
              + "); write e.g. \"@commit and not @gameday\"");
    }
  }

  private static LauncherDiscoveryRequest request(
      RunOptions options, List<DiscoverySelector> selectors, boolean dryRun, List<String> plugins) {
    List<String> allPlugins = new ArrayList<>(plugins);
    allPlugins.add(RunObserver.class.getName());
    String glue =
        Stream.concat(Stream.of(RunOptions.BUILT_IN_GLUE), options.glue().stream())
            .collect(Collectors.joining(","));
    LauncherDiscoveryRequestBuilder builder =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .filters(EngineFilter.includeEngines(ENGINE))
            .configurationParameter("cucumber.glue", glue)
            .configurationParameter("cucumber.plugin", String.join(",", allPlugins))
            .configurationParameter("cucumber.execution.dry-run", Boolean.toString(dryRun))
            .configurationParameter("cucumber.publish.quiet", "true")
            .configurationParameter("cucumber.publish.enabled", "false")
            .configurationParameter("cucumber.ansi-colors.disabled", "true")
            .configurationParameter("cucumber.execution.parallel.enabled", "false")
            // Only what this request says counts: no junit-platform.properties from the class path.
            .enableImplicitConfigurationParameters(false);
    options.tags().ifPresent(tags -> builder.configurationParameter("cucumber.filter.tags", tags));
    return builder.build();
  }

  /** Runs the request; returns engine-level problems (a feature that does not parse, say). */
  private static List<String> execute(
      LauncherDiscoveryRequest request, RunContext context, Observations observations) {
    List<String> problems = new ArrayList<>();
    TestExecutionListener containerFailures =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (identifier.isContainer()
                && result.getStatus() == TestExecutionResult.Status.FAILED) {
              Throwable error = result.getThrowable().orElse(null);
              String message =
                  error == null
                      ? "failed"
                      : error.getMessage() == null
                          // No message: a fault of the harness, named so that it can be found.
                          ? "harness error "
                              + error
                              + (error.getStackTrace().length > 0
                                  ? " at " + error.getStackTrace()[0]
                                  : "")
                          : error.getMessage().lines().findFirst().orElse(error.toString());
              if (error != null
                  && error.getCause() != null
                  && error.getCause().getMessage() != null) {
                message =
                    message + ": " + error.getCause().getMessage().lines().findFirst().orElse("");
              }
              problems.add(identifier.getDisplayName() + ": " + message);
            }
          }
        };
    ActiveRun.Scope scope = ActiveRun.open(context, observations);
    try (scope;
        LauncherSession session = LauncherFactory.openSession()) {
      session.getLauncher().execute(request, containerFailures);
    }
    return problems;
  }

  private static List<String> reportPlugins(Path directory) {
    return List.of(RedactedReports.class.getName() + ":" + directory);
  }

  /**
   * The run's record, the compliance report made from it and the evidence, and, last, the manifest
   * of every file in the folder.
   */
  private static void writeRecord(
      Path directory,
      RunMetadata metadata,
      List<ScenarioOutcome> outcomes,
      ControlsFile controls,
      Redactor redactor) {
    List<ScenarioResult> results =
        outcomes.stream()
            .map(
                o ->
                    new ScenarioResult(
                        o.name(),
                        o.location(),
                        o.tags(),
                        o.verdict() == ScenarioOutcome.Verdict.UNUSABLE
                            ? "ERROR"
                            : o.verdict().name(),
                        o.message(),
                        o.duration().toMillis()))
            .toList();
    new RunRecord(
            RunRecord.SCHEMA_VERSION, metadata, results, controls.controls(), controls.waivers())
        .write(directory, redactor);
    ComplianceReports.write(directory);
    Manifest.write(directory);
  }

  private static List<Path> reportFiles(Path directory) {
    return Stream.of(
            "compliance.html",
            "compliance.json",
            "manifest.sha256",
            "junit.xml",
            "cucumber.ndjson",
            "cucumber.html",
            "cucumber.json",
            "allure-results")
        .map(directory::resolve)
        .filter(Files::exists)
        .toList();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it reverts what is left.
    }
  }

  private static Path createRunDirectory(Path root, RunId id) {
    try {
      Path directory = root.resolve(id.value());
      Files.createDirectories(directory);
      Path latest = root.resolve("latest");
      Files.deleteIfExists(latest);
      try {
        Files.createSymbolicLink(latest, Path.of(id.value()));
      } catch (UnsupportedOperationException | IOException noSymlinks) {
        // Where links are not allowed, a file naming the newest run does the same job.
        Files.writeString(latest, id.value() + System.lineSeparator());
      }
      return directory;
    } catch (IOException e) {
      throw new ShakedownException(
          "cannot create the report folder under "
              + root
              + " ("
              + e.getMessage()
              + "); check --reports",
          e);
    }
  }
}
