package dev.shakedown.cli;

import dev.shakedown.faults.Sweep;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Reverts what runs that died left behind: the toxics and disabled proxies their fault ledgers"
          + " (REPORTS/.ledger/) record as applied and never reverted, on any Toxiproxy still reachable."
          + " Every 'shakedown run' sweeps first; this does it on demand, e.g. after a CI job was killed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing was left, or everything left was reverted",
      "1:something could not be reverted (see the lines above)"
    })
final class SweepCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where the runs' ledgers are (default: ${DEFAULT-VALUE})")
  Path reports;

  @Override
  public Integer call() {
    List<String> lines = Sweep.run(reports, "");
    if (lines.isEmpty()) {
      parent
          .console
          .out()
          .println("nothing to sweep: every fault of every run in " + reports + " was reverted");
      return 0;
    }
    lines.forEach(line -> parent.console.out().println("swept: " + line));
    return lines.stream().anyMatch(line -> line.contains("could not be reverted")) ? 1 : 0;
  }
}
