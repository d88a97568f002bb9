package dev.shakedown.cli;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.ConfigException;
import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.config.Suggestions;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.history.DirectoryHistory;
import dev.shakedown.history.HistoryStore;
import dev.shakedown.history.HistoryStores;
import dev.shakedown.history.HistoryTable;
import dev.shakedown.report.RunSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the runs the history holds: when, from which commit, by whom, how long each feature"
          + " took and how each ended; with --scenario, that scenario's outcome and every figure it"
          + " measured, run by run."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:no such scenario in the history, or the history cannot be read"})
final class HistoryCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where run folders are written (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(
      names = "--history",
      paramLabel = "DIR",
      description = "The history folder (default: REPORTS/history)")
  Path history;

  @Option(
      names = "--clouds",
      split = ",",
      paramLabel = "FILE",
      description =
          "Read the history the config files name with history: (a bucket, as a pipeline keeps it)")
  List<Path> clouds;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "10",
      description = "Show the last N runs (default: ${DEFAULT-VALUE})")
  int last;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "Show one scenario's outcome and figures over the runs")
  String scenario;

  @Override
  public Integer call() {
    if (last < 1) {
      throw new ShakedownException("history: --last must be 1 or more, not " + last);
    }
    if (history != null && clouds != null) {
      throw new ShakedownException("history: --history and --clouds both name a history; give one");
    }
    if (history != null && !java.nio.file.Files.isDirectory(history)) {
      throw new ShakedownException(
          "history: "
              + history
              + " is not a folder; name the history folder, or leave --history out for"
              + " REPORTS/history");
    }
    HistoryStore.Listing listing;
    String where;
    try (HistoryStore store = store()) {
      where = store.describe();
      listing = store.list();
    }
    listing.unreadable().forEach(line -> parent.console.err().println("skipped: " + line));
    List<RunSummary> runs = listing.runs();
    if (runs.isEmpty()) {
      parent
          .console
          .out()
          .println(
              "no runs in the history "
                  + where
                  + " yet: every 'shakedown run' adds its summary there");
      return 0;
    }
    runs = runs.subList(Math.max(0, runs.size() - last), runs.size());
    if (scenario == null) {
      parent.console.out().print(HistoryTable.runs(runs));
      parent.console.out().flush();
      return 0;
    }
    TreeSet<String> names = new TreeSet<>();
    runs.forEach(run -> run.scenarios().forEach(s -> names.add(s.name())));
    if (!names.contains(scenario)) {
      throw new ShakedownException(
          "history: no scenario '"
              + scenario
              + "' in the last "
              + runs.size()
              + " runs"
              + Suggestions.nearest(scenario, names)
                  .map(n -> "; did you mean '" + n + "'?")
                  .orElse(""));
    }
    parent.console.out().print(HistoryTable.scenario(scenario, runs));
    parent.console.out().flush();
    return 0;
  }

  private HistoryStore store() {
    if (history != null) {
      return new DirectoryHistory(history);
    }
    if (clouds == null) {
      return new DirectoryHistory(reports.resolve("history"));
    }
    try {
      ShakedownConfig config =
          new ConfigLoader(FleetProviders.load(), parent.environment).load(clouds);
      parent.console.secrets().accept(config.redactor());
      return HistoryStores.open(config.history(), reports);
    } catch (ConfigException e) {
      throw new ShakedownException(
          e.problems().stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
  }
}
