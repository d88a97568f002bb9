package dev.shakedown.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** How a provider over a cloud's API says what its config selects, and checks how often it asks. */
public final class Selection {
  private Selection() {}

  /**
   * {@code tags {service=donations} in Auto Scaling group donations-eu}: the markers (tags, labels)
   * and the group, whichever the config names.
   *
   * @param markers what the markers are called: {@code tags}, {@code labels}
   * @param group the group's kind and name ({@code Auto Scaling group donations-eu}), or null
   */
  public static String describe(String markers, Map<String, String> values, String group) {
    StringBuilder selector = new StringBuilder();
    if (!values.isEmpty()) {
      selector.append(markers).append(' ').append(new TreeMap<>(values));
    }
    if (group != null) {
      selector.append(selector.length() == 0 ? "" : " in ").append(group);
    }
    return selector.toString();
  }

  /** The config's {@code pollInterval}, 2 s where not given; refused when not over 0. */
  public static Duration pollInterval(Duration given) {
    Duration interval = given == null ? Duration.ofSeconds(2) : given;
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException(
          "pollInterval must be more than 0, as 2s: how often the cloud's API is asked again");
    }
    return interval;
  }
}
