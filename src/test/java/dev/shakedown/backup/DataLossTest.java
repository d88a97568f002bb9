package dev.shakedown.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recovery point: from the restored backup's point in time, never from the load's start. */
class DataLossTest {
  private static final Instant WIPE = Instant.parse("2026-11-30T12:00:00Z");
  private static final List<String> IDS = List.of("a", "b", "c");
  // A 30-second load: accepted 30 s, 20 s and 10 s before the wipe.
  private static final List<Instant> ACCEPTED =
      List.of(WIPE.minusSeconds(30), WIPE.minusSeconds(20), WIPE.minusSeconds(10));

  @Test
  void should_measure_from_a_day_old_backup_however_short_the_load() {
    DataLoss loss = DataLoss.of(IDS, ACCEPTED, IDS, WIPE.minus(Duration.ofHours(30)), WIPE);

    assertThat(loss.lost()).isEqualTo(Duration.ofHours(30));
    assertThat(loss.missing()).isEqualTo(3);
    assertThat(loss.describe())
        .startsWith("counted from the restored backup's point in time, 30 h");
  }

  @Test
  void should_measure_from_a_recent_backup_when_only_later_writes_are_missing() {
    DataLoss loss = DataLoss.of(IDS, ACCEPTED, List.of("c"), WIPE.minusSeconds(15), WIPE);
    assertThat(loss.lost()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void should_measure_from_a_missing_write_older_than_the_backup() {
    DataLoss loss = DataLoss.of(IDS, ACCEPTED, List.of("a"), WIPE.minusSeconds(15), WIPE);
    assertThat(loss.lost()).isEqualTo(Duration.ofSeconds(30));
    assertThat(loss.describe()).contains("the backup lacked it");
  }

  @Test
  void should_lose_nothing_when_nothing_is_missing() {
    DataLoss loss = DataLoss.of(IDS, ACCEPTED, List.of(), WIPE.minus(Duration.ofHours(30)), WIPE);
    assertThat(loss.lost()).isZero();
    assertThat(loss.describe()).isEqualTo("nothing accepted is missing");
  }
}
