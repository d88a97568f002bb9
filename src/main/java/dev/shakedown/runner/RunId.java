package dev.shakedown.runner;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * {@code 20261127T091502Z-3fa9c1}: UTC time to the second, so run folders sort by time, and a short
 * random suffix, so two runs started in the same second never share a folder.
 */
public record RunId(String value) {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  public static RunId next(Instant now) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return new RunId(STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix));
  }

  @Override
  public String toString() {
    return value;
  }
}
