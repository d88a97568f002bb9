package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Noun;
import dev.shakedown.drills.BackupControls;
import dev.shakedown.drills.BackupDrills;
import dev.shakedown.drills.BackupTargets;
import dev.shakedown.drills.Made;
import dev.shakedown.drills.Scratch;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.runner.CurrentRun;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Area("Backup")
public final class BackupSteps {
  private final CurrentRun current;
  private final Evidence evidence;
  private final ScenarioLoad load;
  private final BackupState backups;
  private final BackupDrills drills;

  public BackupSteps(
      Evidence evidence,
      ScenarioUndo undo,
      ScenarioLoad load,
      BackupState backups,
      CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.load = load;
    this.backups = backups;
    this.drills = new BackupDrills(current.context(), undo.undo(), evidence);
  }

  @Then("the latest backup of {string} is at most {duration} old")
  @Example("Then the latest backup of \"donations\" is at most 24 hours old")
  public void latestAtMost(String dataset, Duration age) {
    List<BackupTargets.Target> targets = BackupTargets.of(current.context(), dataset);
    try {
      String stores = BackupTargets.describe(targets);
      current.check(
          "would list the backups of " + dataset + " in " + stores,
          () ->
              BackupControls.latestWithin(targets, dataset, age, Instant.now())
                  .recordInto(evidence));
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @Then("at least {int} daily backup(s) of {string} is/are kept")
  @Example("And at least 7 daily backups of \"donations\" are kept")
  public void dailyKept(int days, String dataset) {
    List<BackupTargets.Target> targets = BackupTargets.of(current.context(), dataset);
    try {
      String stores = BackupTargets.describe(targets);
      current.check(
          "would count the days with a backup of " + dataset + " in " + stores,
          () -> BackupControls.dailyKept(targets, dataset, days).recordInto(evidence));
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @Given("{int} {noun} have been made")
  @Example("Given 500 requests have been made")
  public void made(int count, String noun) {
    Noun named = current.noun(noun);
    current.start(
        drills.planMake(count, named),
        () -> {},
        () -> {
          Made made = drills.make(count, named);
          backups.made(made.ids(), made.acceptedAt());
          made.verdict().recordInto(evidence);
        });
  }

  @Given("a backup of {string} has been taken")
  @Example("And a backup of \"donations\" has been taken")
  public void backupTaken(String dataset) {
    List<BackupTargets.Target> targets = BackupTargets.of(current.context(), dataset);
    try {
      String within = Durations.format(drills.takenWithin(targets));
      String stores = BackupTargets.describe(targets);
      current.check(
          "would wait up to " + within + " for a new backup of " + dataset + " in " + stores,
          () -> drills.awaitBackup(targets, dataset, backups.dueAfter()).recordInto(evidence));
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @When("the latest backup of {string} is restored into a scratch copy")
  @Example("When the latest backup of \"donations\" is restored into a scratch copy")
  public void restoreScratch(String dataset) {
    List<BackupTargets.Target> targets = BackupTargets.of(current.context(), dataset);
    try {
      BackupTargets.Target target = drills.restorable(targets, dataset);
      String from = dataset + " from " + target.describe();
      String with = " with '" + target.settings().restore().command() + "'";
      current.start(
          "would restore the latest backup of " + from + with,
          () -> backups.planned("scratch"),
          () -> backups.scratch(drills.restoreScratch(target, folder())));
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @Then("the scratch copy holds every {noun} made before the backup")
  @Example("Then the scratch copy holds every request made before the backup")
  public void scratchHoldsEverything(String noun) {
    Noun named = current.noun(noun);
    Scratch scratch = requireScratch();
    current.check(
        "would read every " + named.singular() + " made back from the scratch copy",
        () -> {
          List<String> before = backups.madeBefore(scratch.backup().takenAt());
          BackupDrills.scratchHolds(scratch, before, named).recordInto(evidence);
        });
  }

  @Then("the restore took under {duration}")
  @Example("And the restore took under 5 minutes")
  public void restoreTook(Duration limit) {
    Scratch scratch = requireScratch();
    current.check(
        "would check that the restore took under " + Durations.format(limit),
        () -> BackupDrills.restoredWithin(scratch, limit).recordInto(evidence));
  }

  @When("the store of cloud {string} is wiped and restored from its latest backup")
  @Example("When the store of cloud \"cloud-a\" is wiped and restored from its latest backup")
  public void wipeAndRestore(String cloud) {
    current.start(
        drills.planWipe(cloud),
        () -> backups.planned("wipe"),
        () -> {
          drills.primaryOf(cloud); // refused, if it has none, before the room is asked
          // A load given before is a precondition: what it sends has been sent when the store goes,
          // and the room is asked when the wipe is due.
          load.current().ifPresent(started -> load.result());
          current.disrupt(
              "wipe the store of cloud " + cloud + " and restore it from its latest backup");
          backups.wiped(drills.wipeAndRestore(cloud, folder()));
        });
  }

  @Then("at most {duration} of accepted {noun} are missing")
  @Example("Then at most 5 minutes of accepted requests are missing")
  public void atMostMissing(Duration window, String noun) {
    Noun named = current.noun(noun);
    requireWipe();
    load.require();
    current.check(
        "would read all accepted "
            + named.plural()
            + " from the restored store; data lost is counted from the restored backup's point in"
            + " time (or the earliest missing one, if older) to the wipe, and must be at most "
            + Durations.format(window),
        () ->
            BackupDrills.dataLoss(backups.wipe().orElseThrow(), load.result(), window, named)
                .recordInto(evidence));
  }

  private void requireWipe() {
    if (!backups.wouldHave("wipe") && backups.wipe().isEmpty()) {
      throw new ShakedownException(
          "no store was wiped in this scenario; do that first: 'When the store of cloud"
              + " \"cloud-a\" is wiped and restored from its latest backup'");
    }
  }

  private Scratch requireScratch() {
    if (backups.wouldHave("scratch")) {
      return null;
    }
    return backups
        .scratch()
        .orElseThrow(
            () ->
                new ShakedownException(
                    "no scratch copy in this scenario; restore one first: 'When the latest backup"
                        + " of \"donations\" is restored into a scratch copy'"));
  }

  /** The scenario's private folder for fetched backups, removed when it ends. */
  private Path folder() {
    try {
      return backups.folder();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a folder for the fetched backup", e);
    }
  }
}
