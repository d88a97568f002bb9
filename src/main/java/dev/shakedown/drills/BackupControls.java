package dev.shakedown.drills;

import dev.shakedown.backup.Backup;
import dev.shakedown.backup.BackupRules;
import dev.shakedown.compliance.ControlVerdict;
import dev.shakedown.config.Durations;
import dev.shakedown.evidence.Measure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The backup controls, over every store of a dataset: freshness and retention. */
public final class BackupControls {
  private BackupControls() {}

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
