package dev.shakedown.cli;

import dev.shakedown.config.ConfigSchema;
import dev.shakedown.fleet.FleetProviders;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the JSON Schema of cloud config files, for completion and validation in an editor.",
      "config/clouds/shakedown.schema.json holds a copy; a YAML file names it on its first line:",
      "  # yaml-language-server: $schema=shakedown.schema.json"
    })
final class SchemaCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Override
  public Integer call() {
    parent.console.out().print(ConfigSchema.generate(FleetProviders.load()));
    return 0;
  }
}
