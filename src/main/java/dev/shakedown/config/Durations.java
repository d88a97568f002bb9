package dev.shakedown.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way people write them: {@code 20 seconds}, {@code 1 minute}, {@code 500ms}, {@code
 * 1.5s}, {@code 2h}, or ISO-8601 {@code PT20S}. Shared by config files and step sentences so that a
 * duration means the same everywhere.
 */
public final class Durations {
  /**
   * Every unit a duration may be written with, longest first: the one grammar of config files, the
   * schema and step sentences ({@code {duration}}).
   */
  public static final String UNITS =
      "milliseconds|millisecond|millis|ms|seconds|second|secs|sec|s|minutes|minute|mins|min|m"
          + "|hours|hour|h|days|day|d";

  /** A duration with its unit, as a regular expression: what a step sentence matches. */
  public static final String WITH_UNIT = "\\d+(?:\\.\\d+)?\\s*(?:" + UNITS + ")";

  private static final Pattern FORM = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*([a-zA-Zµ]+)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.ofEntries(
          Map.entry("ms", 1_000_000L),
          Map.entry("millis", 1_000_000L),
          Map.entry("millisecond", 1_000_000L),
          Map.entry("milliseconds", 1_000_000L),
          Map.entry("s", 1_000_000_000L),
          Map.entry("sec", 1_000_000_000L),
          Map.entry("secs", 1_000_000_000L),
          Map.entry("second", 1_000_000_000L),
          Map.entry("seconds", 1_000_000_000L),
          Map.entry("m", 60_000_000_000L),
          Map.entry("min", 60_000_000_000L),
          Map.entry("mins", 60_000_000_000L),
          Map.entry("minute", 60_000_000_000L),
          Map.entry("minutes", 60_000_000_000L),
          Map.entry("h", 3_600_000_000_000L),
          Map.entry("hour", 3_600_000_000_000L),
          Map.entry("hours", 3_600_000_000_000L),
          Map.entry("d", 86_400_000_000_000L),
          Map.entry("day", 86_400_000_000_000L),
          Map.entry("days", 86_400_000_000_000L));

  public static final String FORMS =
      "a number with a unit, such as 500ms, 20s, 20 seconds, 1 minute or 2h";

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the accepted forms; negative durations are refused
   */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    Duration parsed =
        trimmed.toUpperCase(Locale.ROOT).startsWith("PT") ? iso(trimmed) : withUnit(trimmed);
    if (parsed.isNegative()) {
      throw new IllegalArgumentException(
          "'" + text + "' is negative; a duration must be 0 or more");
    }
    return parsed;
  }

  private static Duration iso(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write " + FORMS);
    }
  }

  private static Duration withUnit(String text) {
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write " + FORMS);
    }
    Long nanos = NANOS_PER_UNIT.get(matcher.group(2).toLowerCase(Locale.ROOT));
    if (nanos == null) {
      throw new IllegalArgumentException(
          "'" + text + "' has an unknown unit '" + matcher.group(2) + "'; write " + FORMS);
    }
    BigDecimal total = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(nanos));
    return Duration.ofNanos(total.longValue());
  }

  /** Short human form: {@code 850 ms}, {@code 20 s}, {@code 1.5 s}, {@code 3 min 5 s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return millis % 1000 == 0
          ? (millis / 1000) + " s"
          : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3600) {
      return (seconds / 60) + " min" + (seconds % 60 == 0 ? "" : " " + (seconds % 60) + " s");
    }
    long minutes = seconds / 60;
    return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
  }
}
