package dev.shakedown.backup;

import dev.shakedown.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a store lost when it was wiped and restored from a backup (the recovery point): measured
 * from the restored backup's point in time, since nothing accepted after it can be in the restore,
 * or from the earliest missing write if that is older (a backup that lacked it). Not from the load:
 * a backup a day old loses a day, however short the load that found out.
 *
 * @param lost from the recovery point to the wipe; zero when nothing accepted is missing (another
 *     copy gave it back)
 * @param earliestMissing when the oldest missing write was accepted
 */
public record DataLoss(
    Duration lost,
    int missing,
    Optional<Instant> earliestMissing,
    Instant restoredPoint,
    Instant wipedAt) {

  /**
   * @param acceptedAt when each of {@code accepted} was accepted, in the same order
   * @param missing those of {@code accepted} the restored store does not have
   */
  public static DataLoss of(
      List<String> accepted,
      List<Instant> acceptedAt,
      List<String> missing,
      Instant restoredPoint,
      Instant wipedAt) {
    Set<String> gone = new HashSet<>(missing);
    Instant earliest = null;
    for (int i = 0; i < accepted.size(); i++) {
      if (gone.contains(accepted.get(i))
          && (earliest == null || acceptedAt.get(i).isBefore(earliest))) {
        earliest = acceptedAt.get(i);
      }
    }
    if (earliest == null) {
      return new DataLoss(Duration.ZERO, 0, Optional.empty(), restoredPoint, wipedAt);
    }
    Instant from = earliest.isBefore(restoredPoint) ? earliest : restoredPoint;
    Duration lost = Duration.between(from, wipedAt);
    return new DataLoss(
        lost.isNegative() ? Duration.ZERO : lost,
        gone.size(),
        Optional.of(earliest),
        restoredPoint,
        wipedAt);
  }

  /** How it was measured, for the evidence and the verdict. */
  public String describe() {
    if (earliestMissing.isEmpty()) {
      return "nothing accepted is missing";
    }
    Instant earliest = earliestMissing.get();
    return earliest.isBefore(restoredPoint)
        ? String.format(
            Locale.ROOT,
            "the earliest missing one was accepted %s before the wipe, before the restored"
                + " backup's point in time: the backup lacked it",
            ago(earliest))
        : String.format(
            Locale.ROOT,
            "counted from the restored backup's point in time, %s before the wipe: nothing"
                + " accepted after it is in the restore (the earliest missing one was accepted"
                + " %s before the wipe)",
            ago(restoredPoint),
            ago(earliest));
  }

  private String ago(Instant at) {
    return Durations.format(Duration.between(at, wipedAt).truncatedTo(ChronoUnit.MILLIS));
  }
}
