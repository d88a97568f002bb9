package dev.shakedown.drills;

import dev.shakedown.backup.Backup;
import dev.shakedown.backup.BackupException;
import dev.shakedown.backup.BackupRules;
import dev.shakedown.backup.BackupStore;
import dev.shakedown.compliance.ControlVerdict;
import dev.shakedown.config.Durations;
import dev.shakedown.evidence.Measure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The backup controls, over every store of a dataset: freshness and retention. */
public final class BackupControls {
  private BackupControls() {}

  /**
   * One fact read of every store (its encryption at rest, its public access): the control fails,
   * naming each, when any is {@code bad}; every store's reading is noted either way.
   *
   * @param what what is read, as the evidence names it: {@code encryption at rest}
   * @param failure what the failure says before the stores: {@code a backup store is readable}
   */
  public static ControlVerdict everyStore(
      List<BackupTargets.Target> targets,
      String what,
      Function<BackupTargets.Target, BackupStore.Fact> read,
      Predicate<BackupStore.Fact> bad,
      String failure) {
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (BackupTargets.Target target : targets) {
      BackupStore.Fact fact;
      try {
        fact = read.apply(target);
      } catch (BackupException e) {
        // A store that cannot be read cannot show the control holds; the others' readings stay.
        notes.add(what + " of " + target.describe() + ": could not be read: " + e.getMessage());
        problems.add(target.describe() + ": could not be read: " + e.getMessage());
        continue;
      }
      notes.add(what + " of " + target.describe() + ": " + fact.detail());
      if (bad.test(fact)) {
        problems.add(target.describe() + ": " + fact.detail());
      }
    }
    List<Measure> measures =
        List.of(new Measure("backup stores failing " + what, problems.size(), "stores"));
    ControlVerdict verdict =
        problems.isEmpty()
            ? ControlVerdict.held(measures)
            : ControlVerdict.failed(measures, failure + ": " + String.join("; ", problems));
    return verdict.noting(notes);
  }

  /**
   * The latest backup in every store of {@code dataset} is at most {@code age} old at {@code now}.
   */
  public static ControlVerdict latestWithin(
      List<BackupTargets.Target> targets, String dataset, Duration age, Instant now) {
    List<Measure> measures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (BackupTargets.Target target : targets) {
      List<Backup> backups = target.store().list();
      BackupRules.latest(backups)
          .ifPresent(
              latest -> {
                measures.add(
                    new Measure(
                        "age of the latest backup of " + dataset + " in " + target.cloud(),
                        Duration.between(latest.takenAt(), now).toMillis() / 3_600_000.0,
                        "hours"));
                notes.add(
                    "latest backup in "
                        + target.describe()
                        + ": "
                        + latest.name()
                        + ", taken "
                        + latest.takenAt());
              });
      BackupRules.staleness(target.describe(), backups, now, age).ifPresent(stale::add);
    }
    ControlVerdict verdict =
        stale.isEmpty()
            ? ControlVerdict.held(measures)
            : ControlVerdict.failed(
                measures,
                "the latest backup of "
                    + dataset
                    + " is older than "
                    + Durations.format(age)
                    + ": "
                    + String.join("; ", stale));
    return verdict.noting(notes);
  }

  /** Every store of {@code dataset} keeps backups of at least {@code days} distinct days (UTC). */
  public static ControlVerdict dailyKept(
      List<BackupTargets.Target> targets, String dataset, int days) {
    List<Measure> measures = new ArrayList<>();
    List<String> shortOf = new ArrayList<>();
    for (BackupTargets.Target target : targets) {
      List<Backup> backups = target.store().list();
      measures.add(
          new Measure(
              "days with a backup of " + dataset + " in " + target.cloud(),
              BackupRules.daysKept(backups).size(),
              "days"));
      BackupRules.retentionShortfall(target.describe(), backups, days).ifPresent(shortOf::add);
    }
    if (shortOf.isEmpty()) {
      return ControlVerdict.held(measures);
    }
    return ControlVerdict.failed(
        measures,
        "fewer than "
            + days
            + " daily backups of "
            + dataset
            + " are kept: "
            + String.join("; ", shortOf));
  }
}
