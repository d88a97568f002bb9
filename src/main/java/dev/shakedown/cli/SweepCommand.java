package dev.shakedown.cli;

import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.runner.Sweeps;
import dev.shakedown.undo.Sweep;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Reverts what runs that died left applied, as their ledgers (REPORTS/.ledger/) record it: toxics"
          + " removed and cut links enabled on their Toxiproxy, stopped cloud instances started again,"
          + " killed ones checked replaced, and the dead runs' processes ended (by pid and start time)."
          + " Clouds are reopened from --clouds, else from the config files the run used, else from the"
          + " settings its ledger kept; credentials come from the same sources as for a run.",
      "A run that is alive (its lock's process runs, or its heartbeat is fresh) is left alone. Something"
          + " that cannot be reverted now (an API that does not answer) stays in the ledger for the next"
          + " sweep. Every 'shakedown run' sweeps first; this does it on demand, e.g. after a CI job was"
          + " killed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing is left applied",
      "1:something is still applied (listed); sweep again once it can be reverted",
      "2:bad --clouds files"
    })
final class SweepCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where the runs' ledgers are (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(
      names = "--clouds",
      split = ",",
      paramLabel = "FILE",
      description = "Cloud config files to reopen the clouds with, e.g. when the run's are gone")
  List<Path> clouds;

  @Option(
      names = "--force",
      description = "Sweep runs whose lock says they are alive too (a run on a host that is gone)")
  boolean force;

  @Override
  public Integer call() {
    FleetProviders providers = FleetProviders.load();
    Optional<ShakedownConfig> given =
        clouds == null || clouds.isEmpty()
            ? Optional.empty()
            : Optional.of(new ConfigLoader(providers, parent.environment).load(clouds));
    given.ifPresent(config -> parent.console.secrets().accept(config.redactor()));
    Sweep.Report report = Sweeps.sweep(reports, "", force, given, providers, parent.environment);
    report.warnings().forEach(line -> parent.console.err().println("ledger: " + line));
    if (report.lines().isEmpty()) {
      parent
          .console
          .out()
          .println("nothing to sweep: nothing any run in " + reports + " applied is left");
      return 0;
    }
    report.lines().forEach(line -> parent.console.out().println(line));
    if (!report.clean()) {
      parent
          .console
          .out()
          .println(
              report.left().size()
                  + (report.left().size() == 1 ? " entry is" : " entries are")
                  + " still applied; sweep again once "
                  + (report.left().size() == 1 ? "it" : "they")
                  + " can be reverted");
      return 1;
    }
    return 0;
  }
}
