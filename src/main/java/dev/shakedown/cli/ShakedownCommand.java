package dev.shakedown.cli;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "shakedown",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    header = "Test-driven resilience and compliance for deployments on several clouds at once.",
    description = {
      "",
      "Shakedown runs Gherkin specifications of what must hold - backups restore, the service fails over,"
          + " a slow network does not stop it, the peak throughput holds, the controls are in place - against"
          + " the clouds a config file describes. Steps really kill instances, really inject network faults and"
          + " really measure whether the deployment keeps serving; every fault is reverted when its scenario ends.",
      ""
    },
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      SweepCommand.class,
      ProxyCommand.class,
      LoadWorkerCommand.class,
      ValidateCommand.class,
      StepsCommand.class,
      SchemaCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      KeygenCommand.class,
      HistoryCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every scenario held",
      "1:a scenario failed: a resilience or compliance check did not hold",
      "2:the run could not be made (bad config, unknown step, unreachable target, refused fault), or something it applied is still applied",
      "130:interrupted (Ctrl-C, SIGTERM) and everything was reverted (exit 2 names what was not)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  shakedown run --clouds config/clouds/local.yaml",
      "  shakedown run --clouds config/clouds/aws.yaml,config/clouds/gcp.yaml --tags @commit",
      "  shakedown run features/failover/one-instance.feature:12 --clouds config/clouds/local.yaml --dry-run",
      "  shakedown demo                      # the bundled demo, until Ctrl-C",
      "  shakedown validate config/clouds/*.yaml",
      "  shakedown steps",
      "",
      "Reports of every run land in reports/<run-id>/ and reports/latest points at the newest."
    })
final class ShakedownCommand implements Runnable {
  final Console console;
  final Function<String, String> environment;

  /** The command owns the JVM (launched from main): it may handle signals and exit on them. */
  final boolean ownsProcess;

  @Spec CommandSpec spec;

  ShakedownCommand(Console console, Function<String, String> environment, boolean ownsProcess) {
    this.console = console;
    this.environment = environment;
    this.ownsProcess = ownsProcess;
  }

  @Override
  public void run() {
    spec.commandLine().usage(console.out());
  }
}
