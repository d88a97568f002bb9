package dev.shakedown.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Freshness and retention, on what a store lists. */
class BackupRulesTest {
  private static Backup at(String instant) {
    return new Backup("b-" + instant, Instant.parse(instant), 10);
  }

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void should_judge_the_newest_backup_whatever_the_listing_order() {
    List<Backup> backups = List.of(at("2026-11-30T11:00:00Z"), at("2026-11-28T11:00:00Z"));

    assertThat(BackupRules.latest(backups)).contains(backups.get(0));
    assertThat(BackupRules.staleness("s3", backups, NOW, Duration.ofHours(1))).isEmpty();
    assertThat(BackupRules.staleness("s3", backups, NOW, Duration.ofMinutes(59)))
        .contains(
            "s3: the latest, b-2026-11-30T11:00:00Z, was taken 2026-11-30T11:00:00Z, 1 h ago");
  }

  @Test
  void should_hold_at_exactly_the_age_and_fail_on_no_backup() {
    List<Backup> backups = List.of(at("2026-11-29T12:00:00Z"));

    assertThat(BackupRules.staleness("dir", backups, NOW, Duration.ofHours(24))).isEmpty();
    assertThat(BackupRules.staleness("dir", backups, NOW, Duration.ofHours(24).minusSeconds(1)))
        .isPresent();
    assertThat(BackupRules.staleness("dir", List.of(), NOW, Duration.ofDays(365)))
        .contains("dir holds no backup at all");
  }

  @Test
  void should_count_distinct_days_in_utc() {
    List<Backup> backups =
        List.of(
            at("2026-11-28T23:59:59Z"),
            at("2026-11-28T00:00:00Z"),
            at("2026-11-30T00:00:01Z"),
            at("2026-11-29T12:00:00Z"));

    assertThat(BackupRules.daysKept(backups))
        .containsExactly(
            LocalDate.parse("2026-11-28"),
            LocalDate.parse("2026-11-29"),
            LocalDate.parse("2026-11-30"));
    assertThat(BackupRules.retentionShortfall("gcs", backups, 3)).isEmpty();
    assertThat(BackupRules.retentionShortfall("gcs", backups, 4))
        .contains("gcs keeps backups of 3 day(s), 2026-11-28 to 2026-11-30");
    assertThat(BackupRules.retentionShortfall("gcs", List.of(), 1))
        .contains("gcs keeps backups of 0 day(s)");
  }
}
