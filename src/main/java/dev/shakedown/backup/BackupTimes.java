package dev.shakedown.backup;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The time a backup's name carries, as backup jobs write it: {@code 20261127T101500Z}. */
final class BackupTimes {
  private static final Pattern STAMP = Pattern.compile("(\\d{8}T\\d{6})Z");
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private BackupTimes() {}

  static Optional<Instant> fromName(String name) {
    Matcher stamp = STAMP.matcher(name);
    Optional<Instant> last = Optional.empty();
    while (stamp.find()) {
      try {
        last = Optional.of(LocalDateTime.parse(stamp.group(1), FORMAT).toInstant(ZoneOffset.UTC));
      } catch (java.time.format.DateTimeParseException notATime) {
        // digits that only look like a time
      }
    }
    return last;
  }
}
