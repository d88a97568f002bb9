package dev.shakedown.compliance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** One response of the public endpoint: its status and headers, names in lower case. */
public record ResponseFacts(String url, int status, Map<String, List<String>> headers) {
  /** Headers whose values name software; a version in them tells an attacker what to try. */
  static final List<String> SOFTWARE_HEADERS =
      List.of(
          "server",
          "x-powered-by",
          "x-aspnet-version",
          "x-aspnetmvc-version",
          "x-generator",
          "via");

  /**
   * A product followed by its version: {@code nginx/1.25.3}, {@code Apache 2}, {@code Jetty(12)},
   * {@code PHP v8.1}. A number inside a name ({@code AmazonS3}) is not a version.
   */
  private static final Pattern PRODUCT_VERSION =
      Pattern.compile("[A-Za-z][\\w.+-]*?(?:/|\\s+v?|\\s*\\(\\s*v?|-v)\\d+(?:\\.\\d+)*");

  /** Headers whose whole value is a version: any digit in it is one. */
  private static final List<String> VERSION_HEADERS =
      List.of("x-aspnet-version", "x-aspnetmvc-version");

  /** A Via entry's own protocol version ({@code 1.1}, {@code HTTP/1.1}): no software's. */
  private static final Pattern VIA_PROTOCOL =
      Pattern.compile("^\\s*(?:[A-Za-z]+/)?\\d+(?:\\.\\d+)?\\s+");

  public boolean has(String header) {
    return headers.containsKey(header.toLowerCase(Locale.ROOT));
  }

  /** The first header that reveals a version, as {@code Server: nginx/1.25.3}. */
  public Optional<String> revealedVersion() {
    for (String name : SOFTWARE_HEADERS) {
      for (String value : headers.getOrDefault(name, List.of())) {
        if (revealsVersion(name, value)) {
          return Optional.of(name + ": " + value);
        }
      }
    }
    return Optional.empty();
  }

  static boolean revealsVersion(String header, String value) {
    if (VERSION_HEADERS.contains(header)) {
      return value.chars().anyMatch(Character::isDigit);
    }
    if (header.equals("via")) {
      // Via: 1.1 varnish (Varnish/6.0), 1.0 proxy: each entry starts with the protocol's version.
      for (String entry : value.split(",")) {
        if (PRODUCT_VERSION.matcher(VIA_PROTOCOL.matcher(entry).replaceFirst("")).find()) {
          return true;
        }
      }
      return false;
    }
    return PRODUCT_VERSION.matcher(value).find();
  }
}
