package dev.shakedown.drills;

import dev.shakedown.ShakedownException;
import dev.shakedown.backup.Backup;
import dev.shakedown.backup.BackupRules;
import dev.shakedown.backup.DataLoss;
import dev.shakedown.config.BackupSettings;
import dev.shakedown.config.Durations;
import dev.shakedown.config.Noun;
import dev.shakedown.evidence.Evidence;
import dev.shakedown.evidence.Measure;
import dev.shakedown.evidence.Verdict;
import dev.shakedown.poll.Poll;
import dev.shakedown.runner.RunContext;
import dev.shakedown.traffic.LoadGenerator;
import dev.shakedown.traffic.LoadResult;
import dev.shakedown.traffic.RateSchedule;
import dev.shakedown.traffic.ReadBack;
import dev.shakedown.traffic.RequestTemplate;
import dev.shakedown.undo.LedgerEntry;
import dev.shakedown.undo.Undo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The backup drills of a run: requests made ahead of them, a new backup awaited, the latest
 * restored into a scratch copy, a primary store wiped and restored from its backup, and what each
 * kept or lost. Each disruption is a handle of {@code scope}, recorded before it is applied.
 */
public final class BackupDrills {
  /** How long writes accepted while a store was away may take to reach it once it is back. */
  private static final Duration LATE_WRITES = Duration.ofSeconds(10);

  private final RunContext run;
  private final Undo scope;
  private final Evidence evidence;

  public BackupDrills(RunContext run, Undo scope, Evidence evidence) {
    this.run = run;
    this.scope = scope;
    this.evidence = evidence;
  }

  /**
   * Sends the load's request until {@code count} are accepted with an id, at up to 250 a second:
   * the pace does not matter here, only what was accepted and when.
   */
  public Made make(int count, Noun noun) {
    RequestTemplate template = run.loadRequests();
    double rate = Math.min(count, 250);
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
    }
    List<Instant> at = result.acceptedAfter().stream().map(result.started()::plus).toList();
    List<Measure> measures =
        List.of(new Measure(noun.plural() + " made", result.acceptedIds().size(), noun.plural()));
    Verdict verdict =
        result.acceptedIds().size() >= count
            ? Verdict.held(measures)
            : Verdict.failed(
                measures,
                String.format(
                    Locale.ROOT,
                    "only %,d of %,d %s were accepted with an id: %s",
                    result.acceptedIds().size(),
                    count,
                    noun.plural(),
                    result.summary()));
    return new Made(result.acceptedIds(), at, verdict);
  }

  /** What {@link #make} would send, for a dry run. */
  public String planMake(int count, Noun noun) {
    RequestTemplate template = run.loadRequests();
    return "would make "
        + count
        + " "
        + noun.plural()
        + ": "
        + template.settings().method()
        + " "
        + template.request(0).uri();
  }

  /** How long {@link #awaitBackup} may wait: the longest {@code takenWithin} of the stores. */
  public Duration takenWithin(List<BackupTargets.Target> targets) {
    return targets.stream()
        .map(t -> t.settings().takenWithin())
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  /**
   * Waits, up to {@link #takenWithin} in all, until every store of the dataset holds a backup taken
   * at or after {@code after}.
   */
  public Verdict awaitBackup(List<BackupTargets.Target> targets, String dataset, Instant after) {
    Duration within = takenWithin(targets);
    Instant deadline = Instant.now().plus(within);
    Verdict verdict = Verdict.held(List.of());
    for (BackupTargets.Target target : targets) {
      Duration left = Duration.between(Instant.now(), deadline);
      Optional<Backup> taken =
          Poll.within(left.isNegative() ? Duration.ZERO : left)
              .named("a new backup of " + dataset)
              .every(Duration.ofMillis(500))
              .until(() -> latest(target).filter(b -> !b.takenAt().isBefore(after)));
      if (taken.isEmpty()) {
        Verdict failed =
            Verdict.failed(
                List.of(),
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
                        .orElse("; it holds none"));
        for (String note : verdict.notes()) { // the stores that did take one
          failed = failed.noting(note);
        }
        return failed;
      }
      verdict = verdict.noting("backup taken in " + target.describe() + ": " + taken.get().name());
    }
    return verdict;
  }

  /** The store of {@code dataset} that says how to restore a backup; refused when none does. */
  public BackupTargets.Target restorable(List<BackupTargets.Target> targets, String dataset) {
    return targets.stream()
        .filter(t -> t.settings().restore() != null)
        .findFirst()
        .orElseThrow(
            () ->
                new ShakedownException(
                    "no store of "
                        + dataset
                        + " says how to restore a backup; add restore: { command: ..., read: ... }"
                        + " to its backups."
                        + dataset));
  }

  /**
   * Fetches the latest backup of {@code target} into {@code folder} and starts its restore command
   * on it, beside the services, until the copy answers: timed from the fetch.
   */
  public Scratch restoreScratch(BackupTargets.Target target, Path folder) {
    BackupSettings.RestoreSettings restore = target.settings().restore();
    Instant start = Instant.now();
    Backup backup =
        latest(target)
            .orElseThrow(
                () -> new AssertionError(target.describe() + " holds no backup to restore"));
    Path file = fetch(target, backup, folder);
    String name = "scratch-" + target.dataset();
    int port =
        run.startProcess(
            name,
            restore.command(),
            Map.of("backup", file.toString()),
            restore.ready(),
            restore.startTimeout());
    Duration took = Duration.between(start, Instant.now());
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
    return new Scratch(name, port, restore, backup, took);
  }

  /** The restore of {@code scratch} took under {@code limit}. */
  public static Verdict restoredWithin(Scratch scratch, Duration limit) {
    if (scratch.took().compareTo(limit) < 0) {
      return Verdict.held(List.of());
    }
    return Verdict.failed(
        List.of(),
        "the restore of "
            + scratch.backup().name()
            + " took "
            + Durations.format(scratch.took())
            + " (need under "
            + Durations.format(limit)
            + ")");
  }

  /** Every one of {@code before} (made before the backup was taken) reads back from the copy. */
  public static Verdict scratchHolds(Scratch scratch, List<String> before, Noun noun) {
    if (before.isEmpty()) {
      throw new ShakedownException(
          "no "
              + noun.singular()
              + " was made before the backup; make some first: 'Given 500 "
              + noun.plural()
              + " have been made'");
    }
    String read = "http://127.0.0.1:" + scratch.port() + scratch.restore().read();
    List<String> missing =
        ReadBack.missing(before, id -> URI.create(read.replace("{id}", id)), Duration.ZERO);
    List<Measure> measures =
        List.of(
            new Measure(noun.plural() + " made before the backup", before.size(), noun.plural()),
            new Measure("of them missing from the scratch copy", missing.size(), noun.plural()));
    if (missing.isEmpty()) {
      return Verdict.held(measures);
    }
    return Verdict.failed(
        measures,
        String.format(
            Locale.ROOT,
            "the scratch copy restored from %s lacks %,d of the %,d %s made before it was taken;"
                + " first: %s",
            scratch.backup().name(),
            missing.size(),
            before.size(),
            noun.plural(),
            ReadBack.firstFew(missing)));
  }

  /** The dataset of {@code cloud} whose primary store a wipe replaces; refused where none is. */
  public Map.Entry<String, BackupSettings> primaryOf(String cloud) {
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
                            + " names no primary store of its backups; add primary: { service:"
                            + " ..., restoreCommand: ..., read: ... } under its backups"));
    String service = dataset.getValue().primary().service();
    if (!run.hasService(service)) {
      throw new ShakedownException(
          "the primary store of "
              + cloud
              + " is service '"
              + service
              + "', which services: does not list");
    }
    return dataset;
  }

  /**
   * Stops the primary store of {@code cloud}, losing what it holds, and starts it from the latest
   * backup, fetched into {@code folder}. Recorded before it is applied: a store that will not start
   * from its backup must not stay down for the scenarios after, so the handle's revert starts it
   * again as configured (empty), and says so.
   */
  public Wipe wipeAndRestore(String cloud, Path folder) {
    var dataset = primaryOf(cloud);
    BackupSettings.PrimarySettings primary = dataset.getValue().primary();
    return scope.disrupting(
        "wipe "
            + primary.service()
            + " ("
            + cloud
            + "'s store) and restore it from its latest backup",
        () -> wipeAndRestore(cloud, folder, dataset, primary));
  }

  private Wipe wipeAndRestore(
      String cloud,
      Path folder,
      Map.Entry<String, BackupSettings> dataset,
      BackupSettings.PrimarySettings primary) {
    try (BackupTargets.Target target =
        new BackupTargets.Target(
            cloud,
            dataset.getKey(),
            dataset.getValue(),
            run.backupStores().open(dataset.getKey(), dataset.getValue(), run.directory()))) {
      Instant wiped = Instant.now();
      Backup backup =
          latest(target)
              .orElseThrow(
                  () -> new AssertionError(target.describe() + " holds no backup to restore from"));
      Path file = fetch(target, backup, folder);
      String what = "wiping " + primary.service() + " and restoring it from " + backup.name();
      evidence.faultStarted(what, wiped);
      evidence.event(what + " (taken " + backup.takenAt() + ")");
      scope.apply(
          new LedgerEntry.StoreWiped(
              "wiped " + primary.service() + " (" + cloud + "'s store)", cloud, primary.service()),
          true, // a local service: it ends with the run's processes
          () ->
              run.replaceService(
                  primary.service(), primary.restoreCommand(), Map.of("backup", file.toString())),
          () -> startAsConfigured(primary.service(), backup));
      Instant back = Instant.now();
      evidence.faultEnded(what, back);
      evidence.measure(
          "time to restore " + primary.service(),
          Duration.between(wiped, back).toMillis() / 1000.0,
          "s");
      return new Wipe(cloud, primary, backup, wiped);
    }
  }

  /** What {@link #wipeAndRestore} would do, for a dry run. */
  public String planWipe(String cloud) {
    var dataset = primaryOf(cloud);
    return "would stop service "
        + dataset.getValue().primary().service()
        + " ("
        + cloud
        + "'s store), losing what it holds, and start it from the latest backup of "
        + dataset.getKey();
  }

  private String startAsConfigured(String service, Backup backup) {
    if (run.serving(service)) {
      return "it serves (restored from " + backup.name() + ")";
    }
    evidence.event("the restored " + service + " does not serve; starting it as configured");
    run.replaceService(service, run.config().services().get(service).command(), Map.of());
    if (!run.serving(service)) {
      throw new ShakedownException(service + " does not serve after it was started as configured");
    }
    return "restarted as configured, without the wiped data, and it serves";
  }

  /**
   * How much of what the load had accepted the wiped store lost: read back from the restored store
   * (late writes given a moment), the data lost measured as {@link DataLoss} does, at most {@code
   * window}.
   */
  public static Verdict dataLoss(Wipe wipe, LoadResult load, Duration window, Noun noun) {
    List<String> ids = load.acceptedIds();
    // What was accepted while the store was away is written when it is back: a moment for it.
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
    String plural = noun.plural();
    List<Measure> measures =
        List.of(
            new Measure(
                "accepted " + plural + " missing after the restore", missing.size(), plural),
            new Measure("data lost (RPO)", loss.lost().toMillis() / 1000.0, "s"));
    String note =
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
                    .truncatedTo(ChronoUnit.SECONDS)),
            loss.describe());
    if (loss.lost().compareTo(window) <= 0) {
      return Verdict.held(measures).noting(note);
    }
    return Verdict.failed(
            measures,
            String.format(
                Locale.ROOT,
                "%s of accepted %s are lost (need at most %s): %,d of %,d accepted %s"
                    + " are missing after %s was restored from %s, %s; %s",
                Durations.format(loss.lost().truncatedTo(ChronoUnit.SECONDS)),
                plural,
                Durations.format(window),
                missing.size(),
                ids.size(),
                plural,
                wipe.primary().service(),
                wipe.backup().name(),
                "taken at " + wipe.backup().takenAt() + ", before the wipe at " + wipe.at(),
                loss.describe()))
        .noting(note);
  }

  private static Optional<Backup> latest(BackupTargets.Target target) {
    return BackupRules.latest(target.store().list());
  }

  private static Path fetch(BackupTargets.Target target, Backup backup, Path folder) {
    try {
      Path file = folder.resolve(backup.name().replaceAll("[^A-Za-z0-9._-]", "_"));
      try (InputStream in = target.store().open(backup)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch " + backup.name(), e);
    }
  }
}
