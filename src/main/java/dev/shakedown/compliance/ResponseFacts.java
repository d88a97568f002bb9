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

  private static final Pattern VERSION = Pattern.compile("(?:/|\\bv?)\\d+(?:\\.\\d+)+|/\\d+");

  public boolean has(String header) {
    return headers.containsKey(header.toLowerCase(Locale.ROOT));
  }

  /** The first header that reveals a version, as {@code Server: nginx/1.25.3}. */
  public Optional<String> revealedVersion() {
    for (String name : SOFTWARE_HEADERS) {
      for (String value : headers.getOrDefault(name, List.of())) {
        if (VERSION.matcher(value).find()) {
          return Optional.of(name + ": " + value);
        }
      }
    }
    return Optional.empty();
  }
}
