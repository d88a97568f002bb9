package dev.shakedown.backup;

import dev.shakedown.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The backup controls' rules, over what a store lists: freshness and retention. */
public final class BackupRules {
  private BackupRules() {}

  /** The newest backup, by the time it was taken; of two taken at once, the one listed last. */
  public static Optional<Backup> latest(List<Backup> backups) {
    return backups.stream().reduce((a, b) -> b.takenAt().isBefore(a.takenAt()) ? a : b);
  }

  /**
   * Why the latest backup in {@code where} is older than {@code maxAge} at {@code now}, or that
   * there is none; empty when it is fresh.
   */
  public static Optional<String> staleness(
      String where, List<Backup> backups, Instant now, Duration maxAge) {
    Optional<Backup> latest = latest(backups);
    if (latest.isEmpty()) {
      return Optional.of(where + " holds no backup at all");
    }
    Duration old = Duration.between(latest.get().takenAt(), now);
    if (old.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        where
            + ": the latest, "
            + latest.get().name()
            + ", was taken "
            + latest.get().takenAt()
            + ", "
            + Durations.format(old.truncatedTo(ChronoUnit.SECONDS))
            + " ago");
  }

  /** The distinct days (UTC) with a backup, in order: what "daily backups kept" counts. */
  public static List<LocalDate> daysKept(List<Backup> backups) {
    return backups.stream()
        .map(b -> LocalDate.ofInstant(b.takenAt(), ZoneOffset.UTC))
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Why {@code where} keeps backups of fewer than {@code days} days; empty when it keeps enough.
   */
  public static Optional<String> retentionShortfall(String where, List<Backup> backups, int days) {
    List<LocalDate> kept = daysKept(backups);
    if (kept.size() >= days) {
      return Optional.empty();
    }
    return Optional.of(
        where
            + " keeps backups of "
            + kept.size()
            + " day(s)"
            + (kept.isEmpty() ? "" : ", " + kept.get(0) + " to " + kept.get(kept.size() - 1)));
  }
}
