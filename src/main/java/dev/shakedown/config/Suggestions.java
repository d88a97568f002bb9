package dev.shakedown.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for keys, providers, file names and step sentences. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code wrong}, if it is close enough to be a plausible typo: at most a
   * third of the longer string differs.
   */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt(candidate -> distance(wrong, candidate)))
        .filter(
            best ->
                distance(wrong, best) <= Math.max(2, Math.max(wrong.length(), best.length()) / 3));
  }

  /** The nearest candidate however far it is; for step sentences, where any hint beats none. */
  public static Optional<String> nearest(String wrong, Collection<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt(candidate -> distance(wrong, candidate)));
  }

  /** Case-insensitive Levenshtein distance. */
  public static int distance(String a, String b) {
    String s = a.toLowerCase(Locale.ROOT);
    String t = b.toLowerCase(Locale.ROOT);
    int[] previous = new int[t.length() + 1];
    int[] current = new int[t.length() + 1];
    for (int j = 0; j <= t.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= s.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= t.length(); j++) {
        int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[t.length()];
  }
}
