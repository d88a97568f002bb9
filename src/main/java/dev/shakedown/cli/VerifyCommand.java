package dev.shakedown.cli;

import dev.shakedown.report.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a run folder against its manifest.sha256: that no file of the run's evidence and"
          + " reports was changed, removed or added since the run wrote them."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file is as the run wrote it",
      "1:a file was changed, is missing or was added (each named)",
      "2:not a run folder, or it has no manifest"
    })
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Parameters(paramLabel = "RUN", description = "The run folder, its run id, or latest")
  String run;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where run ids are looked up (default: ${DEFAULT-VALUE})")
  Path reports;

  @Override
  public Integer call() {
    Path folder = RunFolders.resolve(run, reports);
    List<String> differences = Manifest.verify(folder);
    if (differences.isEmpty()) {
      parent.console.out().println("verified: every file in " + folder + " is as the run wrote it");
      return 0;
    }
    differences.forEach(line -> parent.console.out().println(line));
    parent
        .console
        .out()
        .println(
            differences.size()
                + " file(s) of "
                + folder
                + " differ from its manifest.sha256: the evidence cannot be trusted as it is");
    return 1;
  }
}
