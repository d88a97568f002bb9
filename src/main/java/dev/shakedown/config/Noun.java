package dev.shakedown.config;

import dev.shakedown.ShakedownException;
import java.util.Locale;

/**
 * What one request of the load is called in the sentences ({@code load.name}: a donation, an order,
 * a search): its singular and plural. The generic {@code request}/{@code requests} always works
 * besides it, so a feature written for any service runs on every config.
 */
public record Noun(String singular, String plural) {
  public static final Noun REQUEST = new Noun("request", "requests");

  /**
   * The noun a config gives, its plural derived where not given: a donation, donations; a query,
   * queries; a search, searches.
   */
  public static Noun of(String singular, String plural) {
    if (singular == null) {
      return REQUEST;
    }
    String word = singular.trim().toLowerCase(Locale.ROOT);
    return new Noun(word, plural == null ? pluralOf(word) : plural.trim().toLowerCase(Locale.ROOT));
  }

  static String pluralOf(String word) {
    if (word.matches(".*[^aeiou]y")) {
      return word.substring(0, word.length() - 1) + "ies";
    }
    if (word.matches(".*(s|x|z|ch|sh)")) {
      return word + "es";
    }
    return word + "s";
  }

  /**
   * Checks a word a sentence used for the load's requests: either form of this noun or of {@code
   * request}; anything else is refused, saying what the config calls them.
   */
  public void require(String word) {
    String used = word.toLowerCase(Locale.ROOT);
    if (used.equals(singular)
        || used.equals(plural)
        || used.equals(REQUEST.singular)
        || used.equals(REQUEST.plural)) {
      return;
    }
    throw new ShakedownException(
        "the sentence calls the load's requests '"
            + word
            + "', but the config calls them '"
            + plural
            + "'"
            + (this.equals(REQUEST) ? "" : " (load.name: " + singular + ")")
            + "; write '"
            + plural
            + "'"
            + (this.equals(REQUEST) ? "" : " or 'requests'")
            + ", or set load.name in the config");
  }

  /** {@code donations} written where {@code requests} was: how an example reads with this noun. */
  public String inExample(String example) {
    return example.replaceAll("\\brequests\\b", plural).replaceAll("\\brequest\\b", singular);
  }
}
