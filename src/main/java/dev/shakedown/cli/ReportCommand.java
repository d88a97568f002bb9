package dev.shakedown.cli;

import dev.shakedown.report.AllureReport;
import dev.shakedown.report.ComplianceReport;
import dev.shakedown.report.ComplianceReports;
import dev.shakedown.report.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a run's compliance report (compliance.html, compliance.json) again from its folder"
          + " (run.json and evidence/), after checking the folder against its manifest: a report is"
          + " never made from evidence that was changed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report was made",
      "1:the folder differs from its manifest (each file named); no report was made",
      "2:not a run folder"
    })
final class ReportCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Parameters(paramLabel = "RUN", description = "The run folder, its run id, or latest")
  String run;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where run ids are looked up (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(
      names = "--allure",
      description =
          "Also build the Allure HTML report (allure-report/ in the run folder) from its allure-results/")
  boolean allure;

  @Override
  public Integer call() {
    Path folder = RunFolders.resolve(run, reports);
    List<String> differences = Manifest.verify(folder);
    if (!differences.isEmpty()) {
      differences.forEach(line -> parent.console.out().println(line));
      parent.console.out().println("not made: " + folder + " differs from its manifest.sha256");
      return 1;
    }
    // Made in memory and compared first: a sealed (and perhaps signed) folder is never written
    // unless what is written is byte for byte what its manifest lists.
    ComplianceReport report = ComplianceReports.read(folder);
    Map<String, String> listed = Manifest.recorded(folder);
    List<String> differ = new ArrayList<>();
    List<String> unlisted = new ArrayList<>();
    ComplianceReports.render(report, folder)
        .forEach(
            (name, bytes) -> {
              if (!listed.containsKey(name)) {
                unlisted.add(name);
              } else if (!listed.get(name).equals(Manifest.sha256(bytes))) {
                differ.add(name);
              }
            });
    if (!differ.isEmpty()) {
      // Same inputs, same bytes: a difference here means the report is not reproducible.
      differ.forEach(name -> parent.console.out().println("would differ: " + name));
      parent
          .console
          .out()
          .println("the report made again differs from the one the run wrote; nothing written");
      return 1;
    }
    unlisted.forEach(
        name ->
            parent
                .console
                .out()
                .println(
                    "not made: "
                        + name
                        + " (this run's manifest does not list it: an older Shakedown made the run)"));
    if (allure) {
      parent
          .console
          .out()
          .println("allure report: " + AllureReport.generate(folder, parent.environment));
    }
    parent
        .console
        .out()
        .println(
            "compliance report: "
                + folder.resolve(ComplianceReports.HTML_FILE)
                + " ("
                + report.verdict()
                + "; "
                + report.counts().controls()
                + " controls)");
    return 0;
  }
}
