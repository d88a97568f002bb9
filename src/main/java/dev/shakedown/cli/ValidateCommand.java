package dev.shakedown.cli;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.ConfigException;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.runner.ExitCode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks cloud config files and reports every problem at once, one line each as FILE:LINE:COLUMN: KEY: what; how to fix.",
      "The files are checked together, as 'run --clouds' would load them: cloud names must be unique across them."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the files are valid", "2:at least one problem was found"})
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Cloud config files, e.g. config/clouds/local.yaml")
  List<Path> files;

  @Override
  public Integer call() {
    Console console = parent.console;
    try {
      ShakedownConfig config =
          new ConfigLoader(FleetProviders.load(), parent.environment).load(files);
      console.secrets().accept(config.redactor());
      for (Cloud cloud : config.clouds().values()) {
        console
            .out()
            .println(
                cloud.location()
                    + ": cloud '"
                    + cloud.name()
                    + "' ("
                    + cloud.provider()
                    + ") is valid");
      }
      return ExitCode.PASSED.code();
    } catch (ConfigException e) {
      e.problems().forEach(problem -> console.err().println(problem));
      console
          .err()
          .println(
              e.problems().size()
                  + (e.problems().size() == 1 ? " problem" : " problems")
                  + " found");
      return ExitCode.UNUSABLE.code();
    }
  }
}
