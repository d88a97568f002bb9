package dev.shakedown.steps;

import dev.shakedown.ShakedownException;
import dev.shakedown.backup.Backup;
import dev.shakedown.backup.BackupRules;
import dev.shakedown.backup.DataLoss;
import dev.shakedown.compliance.ControlFailure;
import dev.shakedown.config.BackupSettings;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Noun;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.poll.Poll;
import dev.shakedown.runner.CurrentRun;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.ReadBack;
import dev.shakedown.traffic.RequestTemplate;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Area("Backup")
public final class BackupSteps {
  private final CurrentRun current;
  private static final Duration LATE_WRITES = Duration.ofSeconds(10);

  private final Evidence evidence;
  private final ScenarioState state;

  public BackupSteps(Evidence evidence, ScenarioState state, CurrentRun current) {
    this.current = current;
    this.evidence = evidence;
    this.state = state;
  }

  @Then("the latest backup of {string} is at most {duration} old")
  @Example("Then the latest backup of \"donations\" is at most 24 hours old")
  public void latestAtMost(String dataset, Duration age) {
    List<BackupTargets.Target> targets = BackupTargets.of(current.context(), dataset);
    try {
      if (current.planned("would list the backups of " + dataset + " in " + describe(targets))) {
        return;
      }
      List<String> stale = new ArrayList<>();
      for (BackupTargets.Target target : targets) {
        List<Backup> backups = target.store().list();
        BackupRules.latest(backups).ifPresent(latest -> recordLatest(dataset, target, latest));
        BackupRules.staleness(target.describe(), backups, Instant.now(), age).ifPresent(stale::add);
      }
      if (!stale.isEmpty()) {
        throw new ControlFailure(
            "the latest backup of "
                + dataset
                + " is older than "
                + Durations.format(age)
                + ": "
                + String.join("; ", stale));
      }
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  private void recordLatest(String dataset, BackupTargets.Target target, Backup latest) {
    evidence.measure(
        "age of the latest backup of " + dataset + " in " + target.cloud(),
        Duration.between(latest.takenAt(), Instant.now()).toMillis() / 3_600_000.0,
        "hours");
    evidence.event(
        "latest backup in "
            + target.describe()
            + ": "
            + latest.name()
            + ", taken "
            + latest.takenAt());
  }

  @Then("at least {int} daily backup(s) of {string} is/are kept")
  @Example("And at least 7 daily backups of \"donations\" are kept")
  public void dailyKept(int days, String dataset) {
    List<BackupTargets.Target> targets = BackupTargets.of(current.context(), dataset);
    try {
      if (current.planned(
          "would count the days with a backup of " + dataset + " in " + describe(targets))) {
        return;
      }
      List<String> short_ = new ArrayList<>();
      for (BackupTargets.Target target : targets) {
        List<Backup> backups = target.store().list();
        evidence.measure(
            "days with a backup of " + dataset + " in " + target.cloud(),
            BackupRules.daysKept(backups).size(),
            "days");
        BackupRules.retentionShortfall(target.describe(), backups, days).ifPresent(short_::add);
      }
      if (!short_.isEmpty()) {
        throw new ControlFailure(
            "fewer than "
                + days
                + " daily backups of "
                + dataset
                + " are kept: "
                + String.join("; ", short_));
      }
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @Given("{int} {noun} have been made")
  @Example("Given 500 requests have been made")
  public void made(int count, String noun) {
    String plural = current.noun(noun).plural();
    RunContext run = current.context();
    RequestTemplate template = run.loadRequests();
    double rate = Math.min(count, 250);
    if (current.planned(
        "would make "
            + count
            + " "
            + plural
            + ": "
            + template.settings().method()
            + " "
            + template.request(0).uri())) {
      return;
    }
    LoadResult result;
    try (LoadGenerator generator =
        LoadGenerator.create(
            template.settings().connections(),
            template.settings().maxInFlight(),
            template.settings().timeout(),
            Duration.ofSeconds(1),
            template.settings().success())) {
      result =
          generator.unjudged(
              RateSchedule.constant(rate, Duration.ofNanos((long) (count / rate * 1e9))),
              template::request,
              template::acceptedId,
              run::progress);
      List<Instant> at = result.acceptedAfter().stream().map(result.started()::plus).toList();
      state.donationsMade(result.acceptedIds(), at);
    }
    evidence.measure(plural + " made", result.acceptedIds().size(), plural);
    if (result.acceptedIds().size() < count) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "only %,d of %,d %s were accepted with an id: %s",
              result.acceptedIds().size(),
              count,
              plural,
              result.summary()));
    }
  }

  @Given("a backup of {string} has been taken")
  @Example("And a backup of \"donations\" has been taken")
  public void backupTaken(String dataset) {
    RunContext run = current.context();
    List<BackupTargets.Target> targets = BackupTargets.of(run, dataset);
    try {
      Duration within =
          targets.stream()
              .map(t -> t.settings().takenWithin())
              .max(Comparator.naturalOrder())
              .orElseThrow();
      if (current.planned(
          "would wait up to "
              + Durations.format(within)
              + " for a new backup of "
              + dataset
              + " in "
              + describe(targets))) {
        return;
      }
      // A backup taken a moment after the last donation: by then it has reached its store and the
      // other cloud's (replication lags a little).
      Instant after = state.lastDonationMade().orElse(Instant.now()).plusSeconds(1);
      Instant deadline = Instant.now().plus(within);
      for (BackupTargets.Target target : targets) {
        Duration left = Duration.between(Instant.now(), deadline);
        Backup taken =
            Poll.within(left.isNegative() ? Duration.ZERO : left)
                .every(Duration.ofMillis(500))
                .until(() -> latest(target).filter(b -> !b.takenAt().isBefore(after)))
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "no backup of "
                                + dataset
                                + " newer than "
                                + after
                                + " appeared in "
                                + target.describe()
                                + " within "
                                + Durations.format(within)
                                + latest(target)
                                    .map(b -> "; the latest is " + b.name())
                                    .orElse("; it holds none")));
        evidence.event("backup taken in " + target.describe() + ": " + taken.name());
      }
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @When("the latest backup of {string} is restored into a scratch copy")
  @Example("When the latest backup of \"donations\" is restored into a scratch copy")
  public void restoreScratch(String dataset) {
    RunContext run = current.context();
    List<BackupTargets.Target> targets = BackupTargets.of(run, dataset);
    try {
      BackupTargets.Target target =
          targets.stream()
              .filter(t -> t.settings().restore() != null)
              .findFirst()
              .orElseThrow(
                  () ->
                      new ShakedownException(
                          "no store of "
                              + dataset
                              + " says how to restore a backup; add restore: { command: ..., read: ... } to its backups."
                              + dataset));
      BackupSettings.RestoreSettings restore = target.settings().restore();
      if (current.planned(
          "would restore the latest backup of "
              + dataset
              + " from "
              + target.describe()
              + " with '"
              + restore.command()
              + "'")) {
        state.planned("scratch");
        return;
      }
      Instant start = Instant.now();
      Backup backup =
          latest(target)
              .orElseThrow(
                  () -> new AssertionError(target.describe() + " holds no backup to restore"));
      Path file = fetch(target, backup);
      String name = "scratch-" + dataset;
      int port =
          run.startProcess(
              name,
              restore.command(),
              Map.of("backup", file.toString()),
              restore.ready(),
              restore.startTimeout());
      Duration took = Duration.between(start, Instant.now());
      state.scratch(new ScenarioState.Scratch(name, port, restore, backup, took));
      evidence.measure("restore time of " + backup.name(), took.toMillis() / 1000.0, "s");
      evidence.event(
          "restored "
              + backup.name()
              + " (taken "
              + backup.takenAt()
              + ") from "
              + target.describe()
              + " into a scratch copy on port "
              + port
              + " in "
              + Durations.format(took));
    } finally {
      BackupTargets.closeAll(targets);
    }
  }

  @Then("the scratch copy holds every {noun} made before the backup")
  @Example("Then the scratch copy holds every request made before the backup")
  public void scratchHoldsEverything(String noun) {
    Noun named = current.noun(noun);
    ScenarioState.Scratch scratch = requireScratch();
    if (current.planned(
        "would read every " + named.singular() + " made back from the scratch copy")) {
      return;
    }
    List<String> before = state.donationsMadeBefore(scratch.backup().takenAt());
    if (before.isEmpty()) {
      throw new ShakedownException(
          "no "
              + named.singular()
              + " was made before the backup; make some first: 'Given 500 "
              + named.plural()
              + " have been made'");
    }
    String read = "http://127.0.0.1:" + scratch.port() + scratch.restore().read();
    List<String> missing =
        ReadBack.missing(before, id -> URI.create(read.replace("{id}", id)), Duration.ZERO);
    evidence.measure(named.plural() + " made before the backup", before.size(), named.plural());
    evidence.measure("of them missing from the scratch copy", missing.size(), named.plural());
    if (!missing.isEmpty()) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "the scratch copy restored from %s lacks %,d of the %,d %s made before it was taken; first: %s",
              scratch.backup().name(),
              missing.size(),
              before.size(),
              named.plural(),
              String.join(", ", missing.subList(0, Math.min(5, missing.size())))));
    }
  }

  @Then("the restore took under {duration}")
  @Example("And the restore took under 5 minutes")
  public void restoreTook(Duration limit) {
    ScenarioState.Scratch scratch = requireScratch();
    if (current.planned("would check that the restore took under " + Durations.format(limit))) {
      return;
    }
    if (scratch.took().compareTo(limit) >= 0) {
      throw new AssertionError(
          "the restore of "
              + scratch.backup().name()
              + " took "
              + Durations.format(scratch.took())
              + " (need under "
              + Durations.format(limit)
              + ")");
    }
  }

  @When("the store of cloud {string} is wiped and restored from its latest backup")
  @Example("When the store of cloud \"cloud-a\" is wiped and restored from its latest backup")
  public void wipeAndRestore(String cloud) {
    RunContext run = current.context();
    var config = run.config().clouds().get(cloud);
    if (config == null) {
      throw new ShakedownException(
          "no cloud named '" + cloud + "'; known: " + run.config().clouds().keySet());
    }
    var dataset =
        config.settings().backups().entrySet().stream()
            .filter(e -> e.getValue().primary() != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new ShakedownException(
                        "cloud "
                            + cloud
                            + " names no primary store of its backups; add primary: { service: ..., restoreCommand: ..., read: ... } under its backups"));
    BackupSettings.PrimarySettings primary = dataset.getValue().primary();
    if (!run.hasService(primary.service())) {
      throw new ShakedownException(
          "the primary store of "
              + cloud
              + " is service '"
              + primary.service()
              + "', which services: does not list");
    }
    if (current.planned(
        "would stop service "
            + primary.service()
            + " ("
            + cloud
            + "'s store), losing what it holds, and start it from the latest backup of "
            + dataset.getKey())) {
      state.planned("wipe");
      return;
    }
    // "Given donors send ..." is a precondition: the donations have been sent when the store goes.
    state.load().ifPresent(load -> state.loadResult());
    try (BackupTargets.Target target =
        new BackupTargets.Target(
            cloud,
            dataset.getKey(),
            dataset.getValue(),
            dev.shakedown.backup.BackupStores.open(
                dataset.getKey(), dataset.getValue(), run.directory()))) {
      Instant wiped = Instant.now();
      Backup backup =
          latest(target)
              .orElseThrow(
                  () -> new AssertionError(target.describe() + " holds no backup to restore from"));
      Path file = fetch(target, backup);
      String what = "wiping " + primary.service() + " and restoring it from " + backup.name();
      evidence.faultStarted(what, wiped);
      evidence.event(what + " (taken " + backup.takenAt() + ")");
      String configured = run.config().services().get(primary.service()).command();
      // A store that will not start from its backup must not stay down for the scenarios after:
      // the handle's revert starts it again as configured (empty), and the step fails with why.
      state
          .undo()
          .apply(
              new dev.shakedown.undo.LedgerEntry.StoreWiped(
                  "wiped " + primary.service() + " (" + cloud + "'s store)",
                  cloud,
                  primary.service()),
              true, // a local service: it ends with the run's processes
              () ->
                  run.replaceService(
                      primary.service(),
                      primary.restoreCommand(),
                      Map.of("backup", file.toString())),
              () -> {
                if (run.serving(primary.service())) {
                  return "it serves (restored from " + backup.name() + ")";
                }
                evidence.event(
                    "the restored "
                        + primary.service()
                        + " does not serve; starting it as configured");
                run.replaceService(primary.service(), configured, Map.of());
                if (!run.serving(primary.service())) {
                  throw new dev.shakedown.ShakedownException(
                      primary.service() + " does not serve after it was started as configured");
                }
                return "restarted as configured, without the wiped data, and it serves";
              });
      Instant back = Instant.now();
      evidence.faultEnded(what, back);
      evidence.measure(
          "time to restore " + primary.service(),
          Duration.between(wiped, back).toMillis() / 1000.0,
          "s");
      state.wiped(new ScenarioState.Wipe(cloud, primary, backup, wiped));
    }
  }

  @Then("at most {duration} of accepted {noun} are missing")
  @Example("Then at most 5 minutes of accepted requests are missing")
  public void atMostMissing(Duration window, String noun) {
    String plural = current.noun(noun).plural();
    if (!state.wouldHave("wipe") && state.wipe().isEmpty()) {
      throw new ShakedownException(
          "no store was wiped in this scenario; do that first: 'When the store of cloud \\\"cloud-a\\\" is wiped and restored from its latest backup'");
    }
    state.requireLoad();
    if (current.planned(
        "would read all accepted "
            + plural
            + " from the restored store; data lost is counted from"
            + " the restored backup's point in time (or the earliest missing one, if older)"
            + " to the wipe, and must be at most "
            + Durations.format(window))) {
      return;
    }
    ScenarioState.Wipe wipe = state.wipe().orElseThrow();
    LoadResult load = state.loadResult();
    List<String> ids = load.acceptedIds();
    // Donations taken while the store was away are written when it is back: give them a moment.
    List<String> missing =
        ReadBack.missing(
            ids, id -> URI.create(wipe.primary().read().replace("{id}", id)), LATE_WRITES);
    DataLoss loss =
        DataLoss.of(
            ids,
            load.acceptedAfter().stream().map(after -> load.started().plus(after)).toList(),
            missing,
            wipe.backup().takenAt(),
            wipe.at());
    evidence.measure("accepted " + plural + " missing after the restore", missing.size(), plural);
    evidence.measure("data lost (RPO)", loss.lost().toMillis() / 1000.0, "s");
    evidence.event(
        String.format(
            Locale.ROOT,
            "%,d of %,d accepted %s missing from %s after the restore from %s, taken %s"
                + " before the wipe; data lost: %s",
            missing.size(),
            ids.size(),
            plural,
            wipe.primary().service(),
            wipe.backup().name(),
            Durations.format(
                Duration.between(wipe.backup().takenAt(), wipe.at())
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
            loss.describe()));
    if (loss.lost().compareTo(window) > 0) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s of accepted %s are lost (need at most %s): %,d of %,d accepted %s"
                  + " are missing after %s was restored from %s, %s; %s",
              Durations.format(loss.lost().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
              plural,
              Durations.format(window),
              missing.size(),
              ids.size(),
              plural,
              wipe.primary().service(),
              wipe.backup().name(),
              "taken at " + wipe.backup().takenAt() + ", before the wipe at " + wipe.at(),
              loss.describe()));
    }
  }

  /** The scratch copy; null in a dry run that planned one. */
  private ScenarioState.Scratch requireScratch() {
    if (state.wouldHave("scratch")) {
      return null;
    }
    return state
        .scratch()
        .orElseThrow(
            () ->
                new ShakedownException(
                    "no scratch copy in this scenario; restore one first: 'When the latest backup of \\\"donations\\\" is restored into a scratch copy'"));
  }

  private static Optional<Backup> latest(BackupTargets.Target target) {
    return BackupRules.latest(target.store().list());
  }

  /**
   * The backup as it was backed up (opened when sealed), in a private temporary file: never in the
   * run folder, which auditors receive.
   */
  private Path fetch(BackupTargets.Target target, Backup backup) {
    try {
      Path directory = state.scratchDirectory();
      Path file = directory.resolve(backup.name().replaceAll("[^A-Za-z0-9._-]", "_"));
      try (InputStream in = target.store().open(backup)) {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch " + backup.name(), e);
    }
  }

  private static String describe(List<BackupTargets.Target> targets) {
    return String.join(", ", targets.stream().map(BackupTargets.Target::describe).toList());
  }
}
