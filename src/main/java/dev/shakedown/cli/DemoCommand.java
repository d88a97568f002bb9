package dev.shakedown.cli;

import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.fleet.Instance;
import dev.shakedown.runner.RunId;
import dev.shakedown.runner.Targets;
import dev.shakedown.undo.Ledger;
import dev.shakedown.undo.RunLock;
import dev.shakedown.undo.Undo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the deployment a config describes - by default the bundled demo of config/clouds/local.yaml - prints"
          + " where it serves, and keeps it running until Ctrl-C, which stops every process it started.",
      "Point a browser or curl at it, or run features against it from another terminal with a config that names"
          + " only its endpoints."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--clouds",
      split = ",",
      paramLabel = "FILE",
      defaultValue = "config/clouds/local.yaml",
      description = "Cloud config files (default: ${DEFAULT-VALUE})")
  List<Path> clouds;

  @Option(
      names = "--failover",
      paramLabel = "on|off",
      defaultValue = "on",
      description =
          "off starts the demo's router with failover disabled: the broken deployment a test must catch")
  String failover;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where the processes' output goes (default: ${DEFAULT-VALUE})")
  Path reports;

  @Override
  public Integer call() throws InterruptedException {
    Console console = parent.console;
    Function<String, String> environment =
        name -> name.equals("SHAKEDOWN_DEMO_FAILOVER") ? failover : parent.environment.apply(name);
    FleetProviders providers = FleetProviders.load();
    ShakedownConfig config = new ConfigLoader(providers, environment).load(clouds);
    console.secrets().accept(config.redactor());
    String id = "demo-" + RunId.next(Instant.now());
    Path directory = reports.resolve(id);
    // Its processes go into a ledger like a run's: if the demo is killed, a sweep ends them.
    RunLock lock = RunLock.acquire(reports, id);
    Ledger ledger = Ledger.open(reports, id);
    Undo undo = Undo.of(ledger);
    Targets targets;
    try {
      targets = Targets.open(config, providers, directory, undo, console.err()::println);
    } catch (RuntimeException e) {
      close(undo, ledger, lock);
      throw e;
    }
    UntilInterrupted running =
        new UntilInterrupted(
            "demo",
            () -> {
              console.out().println("stopping the demo...");
              console.out().flush();
              targets.close();
              close(undo, ledger, lock);
            });
    config.deployment().ifPresent(d -> console.out().println("deployment  " + d.endpoint()));
    config
        .services()
        .forEach(
            (name, service) ->
                console
                    .out()
                    .println(
                        "service     "
                            + name
                            + (service.ready() == null ? "" : "  " + service.ready())));
    for (Fleet fleet : targets.fleets().values()) {
      for (Instance instance : fleet.instances()) {
        console
            .out()
            .println(
                "instance    "
                    + instance.qualifiedId()
                    + "  "
                    + instance.address()
                    + "  zone "
                    + instance.zone()
                    + "  pid "
                    + instance.facts().getOrDefault("pid", "?"));
      }
    }
    config
        .links()
        .forEach(
            (name, link) ->
                console
                    .out()
                    .println(
                        "link        " + name + "  " + link.listen() + " -> " + link.upstream()));
    console.out().println("output of every process: " + directory);
    console.out().println("running; Ctrl-C stops it");
    console.out().flush();
    running.await();
    return 0;
  }

  private static void close(Undo undo, Ledger ledger, RunLock lock) {
    if (undo.revertAll().complete()) {
      ledger.delete();
    }
    ledger.close();
    lock.close();
  }
}
