package dev.shakedown.cli;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ConfigException;
import dev.shakedown.runner.Controls;
import dev.shakedown.runner.RunOptions;
import dev.shakedown.runner.RunResult;
import dev.shakedown.runner.ShakedownRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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
      "1:a check did not hold",
      "2:the run could not be made (config, step, target, blast radius)",
      "130:interrupted, after reverting every fault"
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

  @Override
  public Integer call() {
    Console console = parent.console;
    if (clouds == null || clouds.isEmpty()) {
      // Checked here rather than by picocli, so that a misspelt --clouds is reported as such.
      throw new ShakedownException(
          "shakedown run: --clouds is required; name the cloud config files, e.g. --clouds config/clouds/local.yaml");
    }
    ConsoleRunListener listener = new ConsoleRunListener(console);
    AtomicBoolean finished = new AtomicBoolean();
    Thread interrupted =
        new Thread(
            () -> {
              if (!finished.get()) {
                console
                    .err()
                    .println(
                        "interrupted: stopping instances and reverting faults before exiting (130)");
                console.err().flush();
              }
            },
            "shakedown-interrupt-notice");
    Runtime.getRuntime().addShutdownHook(interrupted);
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
              controls);
      RunResult result = new ShakedownRunner(listener).run(options);
      listener.summary(result);
      return result.exitCode().code();
    } catch (ConfigException e) {
      e.problems().forEach(problem -> console.err().println(problem));
      return dev.shakedown.runner.ExitCode.UNUSABLE.code();
    } finally {
      finished.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting; the hook has said its piece.
      }
    }
  }
}
