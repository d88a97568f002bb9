package dev.shakedown.cli;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ConfigException;
import dev.shakedown.history.AllureHistory;
import dev.shakedown.history.HistoryStore;
import dev.shakedown.history.HistoryStores;
import dev.shakedown.report.AllureReport;
import dev.shakedown.report.ComplianceReport;
import dev.shakedown.report.ComplianceReports;
import dev.shakedown.report.ManifestSignature;
import dev.shakedown.report.ReportException;
import dev.shakedown.report.RunMetadata;
import dev.shakedown.report.RunSummaries;
import dev.shakedown.report.SigningKey;
import dev.shakedown.runner.Controls;
import dev.shakedown.runner.ExitCode;
import dev.shakedown.runner.GamedayOptions;
import dev.shakedown.runner.OperatorNotes;
import dev.shakedown.runner.RunListener;
import dev.shakedown.runner.RunOptions;
import dev.shakedown.runner.RunResult;
import dev.shakedown.runner.ShakedownRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs feature files against the clouds of the config files.",
      "",
      "Before anything is touched, every step of every selected scenario is matched against the known sentences:"
          + " an undefined or ambiguous step stops the run with exit code 2 and names the closest known sentence."
          + " Then the clouds are opened (the local provider starts its instances), the scenarios run, and"
          + " reports are written to REPORTS/<run-id>/: junit.xml, cucumber.ndjson, cucumber.html,"
          + " cucumber.json, allure-results/ and evidence/."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every scenario held",
      "1:a check did not hold, or (--require-all-controls) a control of the catalogue was not tested",
      "2:the run could not be made (config, step, target, blast radius, signing key), left something"
          + " applied, or could not be signed",
      "130:interrupted (Ctrl-C, SIGTERM, or an abort on a game day or the live page), and everything it applied was reverted"
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Parameters(
      paramLabel = "FEATURE",
      description =
          "Feature files or folders, a file optionally with :LINE to run one scenario. Default: features/")
  List<String> features = new ArrayList<>();

  @Option(
      names = "--clouds",
      split = ",",
      paramLabel = "FILE",
      description =
          "Cloud config files, comma-separated or repeated, e.g. config/clouds/local.yaml")
  List<Path> clouds;

  @Option(
      names = "--tags",
      paramLabel = "EXPR",
      description =
          "Run only scenarios matching this tag expression, e.g. \"@commit and not @gameday\"")
  String tags;

  @Option(names = "--dry-run", description = "Resolve every step and print the plan; touch nothing")
  boolean dryRun;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where run folders are written (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(
      names = "--glue",
      split = ",",
      paramLabel = "PACKAGE",
      description = "Extra packages of step definitions, beside Shakedown's own")
  List<String> glue = new ArrayList<>();

  @Option(
      names = "--controls",
      paramLabel = "FILE",
      defaultValue = Controls.DEFAULT_FILE,
      description =
          "The control catalogue that @control:<ID> tags refer to, with its waivers (default: ${DEFAULT-VALUE})")
  Path controls;

  @Option(
      names = "--require-all-controls",
      description =
          "Fail the run (exit 1) when a control of the catalogue was not tested by any scenario that ran")
  boolean requireAllControls;

  @Option(
      names = "--gameday",
      description =
          "A game day: before each step that disrupts, say what it will do and wait for the operator"
              + " (Enter go, s skip, a abort, n note); notes can be typed at any time. Needs a terminal")
  boolean gameday;

  @Option(
      names = "--observer",
      paramLabel = "NAME",
      description = "Someone watching the game day, for the run's record; repeat for each")
  List<String> observers = new ArrayList<>();

  @Option(
      names = "--live",
      arity = "0..1",
      fallbackValue = "0",
      paramLabel = "PORT",
      description =
          "Serve a live page of the run on this machine (loopback) at PORT, any free one if none is"
              + " given: scenarios, the step running, faults applied and for how long, success rate"
              + " and p99 as they change, the load, notes, and an abort button; its address, with"
              + " the token that opens it, is printed at start")
  Integer live;

  @Option(
      names = "--allure",
      description =
          "Also build the Allure HTML report (allure-report/ in the run folder), and keep its history"
              + " in the history store for the next run's Allure trend")
  boolean allure;

  @Option(
      names = "--sign-key",
      paramLabel = "PEM",
      description =
          "Sign the run's manifest.sha256 with this Ed25519 private key (PKCS#8 PEM, from 'shakedown keygen')")
  Path signKey;

  @Option(
      names = "--sign-key-env",
      paramLabel = "VAR",
      description = "Sign as --sign-key does, with the PEM held in this environment variable")
  String signKeyEnv;

  @Override
  public Integer call() {
    Console console = parent.console;
    if (clouds == null || clouds.isEmpty()) {
      // Checked here rather than by picocli, so that a misspelt --clouds is reported as such.
      throw new ShakedownException(
          "shakedown run: --clouds is required; name the cloud config files, e.g. --clouds config/clouds/local.yaml");
    }
    // Read before anything is touched: a key that will not do is the user's mistake, found now.
    Optional<SigningKey> signing = signingKey();
    if (live != null && (live < 0 || live > 65535)) {
      throw new ShakedownException(
          "shakedown run: --live "
              + live
              + " is no port; give one from 1 to 65535, or --live alone for any free one");
    }
    if (live != null && dryRun) {
      throw new ShakedownException(
          "shakedown run: --live shows a run as it goes, and a dry run touches nothing; leave one"
              + " out");
    }
    if (!gameday && !observers.isEmpty()) {
      throw new ShakedownException(
          "shakedown run: --observer names who watches a game day; add --gameday, or leave it out");
    }
    if (gameday && !dryRun && System.console() == null) {
      throw new ShakedownException(
          "shakedown run --gameday: no terminal to ask the operator on; run it in a terminal (or"
              + " tmux), or leave --gameday out for a pipeline");
    }
    ConsoleRunListener listener = new ConsoleRunListener(console);
    LiveView view = new LiveView();
    ShakedownRunner runner =
        new ShakedownRunner(live == null || dryRun ? listener : RunListener.both(listener, view));
    if (parent.ownsProcess) {
      Interrupts.install(count -> interrupted(interrupts.incrementAndGet(), runner, console));
    }
    Optional<GamedayOptions> paced = Optional.empty();
    if (gameday && !dryRun) {
      OperatorNotes notes = new OperatorNotes(RunMetadata.operator(parent.environment));
      OperatorConsole operator =
          OperatorConsole.start(System.in, console.out(), notes, () -> abort(runner, console));
      listener.holdProgressWhile(operator::holdsTheLine);
      paced = Optional.of(new GamedayOptions(observers, operator, notes));
      console
          .out()
          .println(
              "game day: before each step that disrupts you are asked ("
                  + OperatorConsole.KEYS
                  + "); 'n NOTE' takes a note and 'a' aborts at any time");
    }
    Optional<OperatorNotes> notes = paced.map(GamedayOptions::notes);
    LiveServer page = live == null || dryRun ? null : livePage(view, runner, notes, console);
    try {
      RunOptions options =
          new RunOptions(
              features,
              clouds,
              Optional.ofNullable(tags),
              dryRun,
              reports,
              glue,
              parent.environment,
              controls,
              paced,
              gameday);
      RunResult result = runner.run(options);
      if (interruptStarted) {
        awaitInterruptReport(); // its lines first, then the summary
      }
      listener.summary(result, reports);
      int code = result.exitCode().code();
      if (result.directory().isPresent()) {
        code = Math.max(code, controlsCheck(result.directory().get(), result, console));
        if (signing.isPresent()) {
          code = Math.max(code, sign(result.directory().get(), signing.get(), console));
        }
        remember(result, console);
      } else if (signing.isPresent()) {
        console.out().println("not signed: this run wrote no folder (a dry run, or refused first)");
      }
      return code;
    } catch (ConfigException e) {
      e.problems().forEach(problem -> console.err().println(problem));
      return ExitCode.UNUSABLE.code();
    } catch (RuntimeException e) {
      if (!interruptStarted) {
        throw e;
      }
      // The interrupt ended what was starting (a process the abort ended died "at start"): that
      // is the interrupt's doing, and its exit code says how it ended.
      awaitInterruptReport();
      return interruptCode;
    } finally {
      view.ended(); // however it ended: an open page's last event says so
      if (page != null) {
        page.close();
      }
    }
  }

  private final java.util.concurrent.atomic.AtomicInteger interrupts =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The operator's abort, at the terminal or on the live page: what Ctrl-C does, counted with it (a
   * Ctrl-C after it leaves at once, as the abort's first line says). Asked before the run is under
   * way, the run stops as it begins; asked twice, or after a Ctrl-C, it is under way already.
   */
  private Abort abort(ShakedownRunner runner, Console console) {
    if (!interrupts.compareAndSet(0, 1)) {
      return new Abort(false, "aborting already");
    }
    if (runner.abortBeforeStart()) {
      return new Abort(true, "aborting: the run stops as it begins, touching nothing");
    }
    if (runner.running()) {
      interrupted(1, runner, console);
      return new Abort(true, "aborting: reverting everything the run applied");
    }
    interrupts.set(0);
    return new Abort(false, "the run is over: nothing to abort");
  }

  /** The live page, on loopback, its address (with the token that opens it) said at once. */
  private LiveServer livePage(
      LiveView view, ShakedownRunner runner, Optional<OperatorNotes> notes, Console console) {
    try {
      LiveServer page =
          LiveServer.start(
              live,
              () ->
                  view.html(
                      runner.status(LiveView.RECENT),
                      notes.map(OperatorNotes::all).orElse(List.of()),
                      java.time.Instant.now()),
              () -> abort(runner, console));
      console
          .out()
          .println(
              "live: "
                  + page.address()
                  + " (this machine only; the token in it opens the page and its abort button)");
      console.out().flush();
      return page;
    } catch (java.io.IOException e) {
      throw new ShakedownException(
          "shakedown run: --live "
              + live
              + ": cannot serve the live page ("
              + e.getMessage()
              + "); give a free port, or --live alone for any");
    }
  }

  private Optional<SigningKey> signingKey() {
    if (signKey != null && signKeyEnv != null) {
      throw new ShakedownException(
          "shakedown run: --sign-key and --sign-key-env both name a key; give one");
    }
    if (signKey != null) {
      return Optional.of(SigningKey.read(signKey));
    }
    if (signKeyEnv != null) {
      if (!signKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        // Never echoed: it may be the key itself, given where its variable's name was wanted.
        throw new ShakedownException(
            "shakedown run: --sign-key-env takes the name of an environment variable (as in"
                + " --sign-key-env SHAKEDOWN_SIGNING_KEY), not its value");
      }
      String pem = parent.environment.apply(signKeyEnv);
      if (pem == null || pem.isBlank()) {
        throw new ShakedownException(
            "shakedown run: --sign-key-env "
                + signKeyEnv
                + ": the environment variable is not set; put the private key's PEM in it");
      }
      return Optional.of(SigningKey.fromPem(pem, "the environment variable " + signKeyEnv));
    }
    return Optional.empty();
  }

  /** With --require-all-controls, a control of the catalogue no scenario tested fails the run. */
  private int controlsCheck(Path folder, RunResult result, Console console) {
    if (!requireAllControls || result.exitCode() == ExitCode.UNUSABLE) {
      return 0;
    }
    List<String> untested =
        ComplianceReports.read(folder).controls().stream()
            .filter(c -> c.verdict() == ComplianceReport.Verdict.NOT_TESTED)
            .map(ComplianceReport.ControlRow::id)
            .toList();
    if (untested.isEmpty()) {
      return 0;
    }
    console
        .out()
        .println(
            "not every control was tested (--require-all-controls): "
                + String.join(", ", untested)
                + " had no scenario in this run (exit 1)");
    return ExitCode.FAILED.code();
  }

  /**
   * Adds the run's summary to the history. A history that cannot be written is said, and costs the
   * run nothing: the gate is the run's verdict, not its bookkeeping.
   */
  private void remember(RunResult result, Console console) {
    Path folder = result.directory().orElseThrow();
    Optional<Path> allureReport = allure ? allureReport(folder, console) : Optional.empty();
    try (HistoryStore store = HistoryStores.open(result.history(), reports)) {
      try {
        if (gameday) {
          // Its times hold the room's pauses: a trend of the pipeline's runs would read them as
          // slowness.
          console.out().println("history: a game day is not added to " + store.describe());
        } else {
          store.add(RunSummaries.of(folder));
        }
      } catch (RuntimeException e) {
        console
            .err()
            .println(
                "history: this run was not added to " + store.describe() + ": " + e.getMessage());
      }
      if (!gameday) { // as its summary: the room's pauses are no trend
        allureReport.ifPresent(report -> keepAllureHistory(folder, report, store, console));
      }
    } catch (RuntimeException e) {
      console.err().println("history: cannot be opened: " + e.getMessage());
    }
  }

  private Optional<Path> allureReport(Path folder, Console console) {
    try {
      Path index = AllureReport.generate(folder, parent.environment);
      console.out().println("allure report: " + index);
      return Optional.of(index.getParent());
    } catch (ReportException e) {
      console.err().println("allure report: not made: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Kept for the next run's Allure report to carry Allure's trend on. */
  private void keepAllureHistory(Path folder, Path report, HistoryStore store, Console console) {
    try {
      AllureHistory.keep(store, folder.getFileName().toString(), report);
    } catch (RuntimeException e) {
      console
          .err()
          .println(
              "history: Allure's history of this run was not added to "
                  + store.describe()
                  + ": "
                  + e.getMessage());
    }
  }

  private int sign(Path folder, SigningKey key, Console console) {
    try {
      ManifestSignature.sign(folder, key);
    } catch (java.io.UncheckedIOException e) {
      console.err().println("not signed: " + e.getMessage() + " (exit 2)");
      return ExitCode.UNUSABLE.code();
    }
    console
        .out()
        .println(
            "signed: "
                + folder.resolve(ManifestSignature.SIGNATURE)
                + " by "
                + key.fingerprint()
                + "; check with 'shakedown verify --key <public key> "
                + folder
                + "'");
    return 0;
  }

  /**
   * The first Ctrl-C (or SIGTERM) reverts everything, bounded, and the run exits 130, or 2 naming
   * what is still applied; the second leaves at once, naming what is still applied. The main
   * thread, which sees the run end halted, exits with that code once this has said its piece; if it
   * is stuck, this thread exits for it.
   */
  private void interrupted(int count, ShakedownRunner runner, Console console) {
    if (count > 1) {
      List<String> left = runner.stillApplied();
      report(left, console, true);
      Runtime.getRuntime().halt(code(left));
      return;
    }
    if (!runner.running()) {
      console.err().println("interrupted (exit 130)");
      console.err().flush();
      System.exit(ExitCode.INTERRUPTED.code());
    }
    interruptStarted = true;
    Thread abort =
        new Thread(
            () -> {
              console
                  .err()
                  .println(
                      "interrupted: reverting everything this run applied, for up to "
                          + ShakedownRunner.ABORT_BOUND.toSeconds()
                          + " s (Ctrl-C again leaves at once)");
              console.err().flush();
              List<String> left =
                  runner.abort(
                      ShakedownRunner.ABORT_BOUND,
                      line -> {
                        console.err().println("  " + line);
                        console.err().flush();
                      });
              report(left, console, false);
              interruptCode = code(left);
              interruptReported.countDown();
              pause(Duration.ofSeconds(15));
              System.exit(code(left)); // the main thread did not finish: leave without it
            },
            "shakedown-abort");
    abort.setDaemon(true);
    abort.start();
  }

  private final CountDownLatch interruptReported = new CountDownLatch(1);
  private volatile boolean interruptStarted;
  private volatile int interruptCode = ExitCode.INTERRUPTED.code();

  private void awaitInterruptReport() {
    try {
      interruptReported.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(List<String> left, Console console, boolean again) {
    if (left.isEmpty()) {
      console.err().println("interrupted: everything this run applied is reverted (exit 130)");
    } else {
      console
          .err()
          .println(
              "interrupted"
                  + (again ? " again, leaving at once" : "")
                  + ": still applied, not reverted (exit 2):");
      left.forEach(line -> console.err().println("  " + line));
      console.err().println("run: shakedown sweep --reports " + reports + " to revert it");
    }
    console.err().flush();
  }

  private static int code(List<String> left) {
    return left.isEmpty() ? ExitCode.INTERRUPTED.code() : ExitCode.UNUSABLE.code();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
