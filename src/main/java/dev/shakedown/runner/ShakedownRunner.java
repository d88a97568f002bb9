package dev.shakedown.runner;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ControlsFile;
import dev.shakedown.config.Noun;
import dev.shakedown.config.Redactor;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.report.AllureEnvironment;
import dev.shakedown.report.ComplianceReports;
import dev.shakedown.report.Gameday;
import dev.shakedown.report.Manifest;
import dev.shakedown.report.RunMetadata;
import dev.shakedown.report.RunRecord;
import dev.shakedown.report.ScenarioResult;
import dev.shakedown.traffic.Probes;
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
  public static final Duration ABORT_BOUND = RunSession.ABORT_BOUND;

  /** How long a run waits for the probes' warm-up before its scenarios (seconds at most). */
  private static final Duration WARM_UP_BOUND = Duration.ofSeconds(15);

  private final RunListener listener;
  private volatile RunSession running;

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
    Optional<String> filter = GamedayScenarios.filter(options.tags(), options.gamedayRun());

    Observations preflight = new Observations(config.redactor(), RunListener.SILENT);
    List<String> engineProblems =
        execute(request(options, filter, selectors, true, List.of()), null, preflight);
    List<String> problems = new ArrayList<>(engineProblems);
    problems.addAll(preflight.stepProblems());
    problems.addAll(wrongNouns(preflight, config));
    problems.addAll(EmptyOutlines.in(options.features()));
    problems.addAll(Controls.unknownTags(preflight.planned(), controls, options.controls()));
    int leftOut =
        GamedayScenarios.leftOut(options.tags(), options.gamedayRun())
            .map(expression -> count(options, Optional.of(expression), selectors, config))
            .orElse(0);
    if (problems.isEmpty() && preflight.planned().isEmpty()) {
      problems.add(
          "no scenario selected in "
              + String.join(", ", options.features())
              + options.tags().map(t -> " with --tags \"" + t + "\"").orElse("")
              + "; check the paths and the tag expression"
              + (leftOut > 0 ? " (" + GamedayScenarios.hint(leftOut) + ")" : ""));
    }
    if (!problems.isEmpty()) {
      return RunResult.withoutRun(problems, Duration.between(started, Instant.now()));
    }
    if (leftOut > 0) {
      listener.info(GamedayScenarios.hint(leftOut));
    }
    if (options.dryRun()) {
      return plan(options, filter, selectors, config, providers, started);
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
    RunSession session =
        RunSession.begin(
            config,
            providers,
            options.reportsRoot(),
            id,
            directory,
            options.environment(),
            listener);
    boolean stopNow;
    synchronized (this) {
      running = session;
      stopNow = abortRequested;
    }
    if (stopNow) {
      // Asked before it was under way: it ends as it begins, nothing opened, nothing touched.
      session.abort(ABORT_BOUND, listener::info);
    }
    RunContext context;
    try {
      context = session.openTargets();
      context.gameday(options.gameday());
      // The probes' class loading is over before the first scenario's steady-state sample.
      awaitWarmUp(warmUp);
      try (WaitsOutLoud waits = WaitsOutLoud.start(listener)) {
        runProblems =
            execute(
                request(options, filter, selectors, false, reportPlugins(directory)),
                context,
                observations);
      }
      halted = context.halted().isPresent();
    } finally {
      try {
        session.close();
      } finally {
        synchronized (this) {
          running = null;
          over = true;
        }
      }
    }
    left = session.left();
    interrupted = session.interrupted();
    Instant finished = Instant.now();
    RunMetadata metadata =
        RunMetadata.collect(
            id.value(), started, finished, config.clouds().keySet(), options.environment());
    AllureEnvironment.write(directory.resolve("allure-results"), metadata, config.redactor());
    List<ScenarioOutcome> outcomes = observations.outcomes();
    writeRecord(
        directory,
        metadata,
        outcomes,
        controls,
        options.gameday().map(g -> new Gameday(g.observers(), g.notes().close())),
        config.redactor());
    if (!interrupted) { // Ctrl-C wants the record sealed now, not after a bucket answers
      RunTrail.write(context, directory, started, config, options.environment(), listener);
    }
    ComplianceReports.write(directory);
    Manifest.write(directory);
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
        reportFiles(directory),
        config.history());
  }

  /**
   * Sentences that call the load's requests something the config does not ("orders" where it says
   * donations): refused before anything is started, as an unknown sentence is.
   */
  private static List<String> wrongNouns(Observations preflight, ShakedownConfig config) {
    Noun noun = config.loadNoun();
    List<String> wrong = new ArrayList<>();
    for (Observations.NounUse use : preflight.nouns()) {
      try {
        noun.require(use.word());
      } catch (ShakedownException refused) {
        wrong.add(use.where() + ": " + refused.getMessage());
      }
    }
    return wrong.stream().distinct().toList();
  }

  private static void awaitWarmUp(Thread warmUp) {
    try {
      warmUp.join(WARM_UP_BOUND.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the run from another thread (Ctrl-C, SIGTERM): see {@link RunSession#abort}. Returns what
   * is still applied; empty when everything was reverted, or nothing was running.
   */
  public List<String> abort(Duration within, Consumer<String> progress) {
    RunSession session = running;
    return session == null ? List.of() : session.abort(within, progress);
  }

  /**
   * An abort asked for before the run is under way (the live page opens before the config is read):
   * the run then stops as it begins, touching nothing, and exits as interrupted. After the run, it
   * is too late: false.
   */
  public synchronized boolean abortBeforeStart() {
    if (over || running != null) {
      return false;
    }
    abortRequested = true;
    return true;
  }

  private volatile boolean abortRequested;
  private volatile boolean over;

  /** Whether a run is under way: between its lock and the end of its revert. */
  public boolean running() {
    return running != null;
  }

  /** The run as it stands now, for a live view; empty before it starts and after it ends. */
  public Optional<RunStatus> status(Duration span) {
    RunSession session = running;
    return session == null ? Optional.empty() : Optional.of(session.status(span));
  }

  /** What the running run still has applied, one line each, as the console lists it. */
  public List<String> stillApplied() {
    RunSession session = running;
    return session == null ? List.of() : session.stillApplied();
  }

  /**
   * A dry run: every scenario runs with its clouds only listed (nothing started, killed or probed),
   * its steps saying what they would do. Blast-radius refusals show here, before a real run.
   */
  private RunResult plan(
      RunOptions options,
      Optional<String> filter,
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
              dev.shakedown.faults.NetworkFaults.planned(planning::action),
              Undo.discarding(),
              RunListener.SILENT,
              planning::action,
              null,
              providers.stores());
      problems =
          new ArrayList<>(
              execute(request(options, filter, selectors, false, List.of()), context, planning));
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

  /** How many scenarios of the selection the tag expression takes, found by a dry run. */
  private static int count(
      RunOptions options,
      Optional<String> filter,
      List<DiscoverySelector> selectors,
      ShakedownConfig config) {
    Observations counting = new Observations(config.redactor(), RunListener.SILENT);
    execute(request(options, filter, selectors, true, List.of()), null, counting);
    return counting.planned().size();
  }

  /**
   * @param filter the tag expression, the user's with the game-day scenarios left out unless asked
   */
  private static LauncherDiscoveryRequest request(
      RunOptions options,
      Optional<String> filter,
      List<DiscoverySelector> selectors,
      boolean dryRun,
      List<String> plugins) {
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
    filter.ifPresent(tags -> builder.configurationParameter("cucumber.filter.tags", tags));
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

  /** The run's record, which the compliance report is made from with the evidence. */
  private static void writeRecord(
      Path directory,
      RunMetadata metadata,
      List<ScenarioOutcome> outcomes,
      ControlsFile controls,
      Optional<Gameday> gameday,
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
            RunRecord.SCHEMA_VERSION,
            metadata,
            results,
            controls.controls(),
            controls.waivers(),
            gameday)
        .write(directory, redactor);
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
