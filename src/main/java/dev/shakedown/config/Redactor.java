package dev.shakedown.config;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Knows every secret value of the loaded config and blanks it out of any text on its way to a log,
 * a report or the console. A second line of defence behind {@link Secret#toString()}: it also
 * catches a secret that was interpolated into a URL or a header before anyone wrapped it.
 */
public final class Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  private final Set<String> secrets =
      new ConcurrentSkipListSet<>(
          Comparator.comparingInt(String::length)
              .reversed()
              .thenComparing(Comparator.naturalOrder()));

  public void register(String secret) {
    // One- and two-character values would blank out ordinary text; nobody's secret is that short.
    if (secret != null && secret.length() >= 3) {
      secrets.add(secret);
    }
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, Secret.REDACTED);
    }
    return out;
  }
}
