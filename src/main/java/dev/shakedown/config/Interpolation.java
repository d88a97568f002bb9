package dev.shakedown.config;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in config values, from the environment; {@code $${}
 * writes a literal {@code ${}. An unset variable without a default is an error, never an empty
 * string that would point a run at the wrong place.
 */
final class Interpolation {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([^}:]*)(?::-([^}]*))?}|\\$\\{");

  private final Function<String, String> environment;

  Interpolation(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The value with references replaced; problems are added to {@code problems} as messages. */
  String apply(String value, List<String[]> problems) {
    if (!value.contains("${")) {
      return value;
    }
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String match = matcher.group();
      String replacement;
      if (match.equals("$${")) {
        replacement = "${";
      } else if (matcher.group(1) == null) {
        problems.add(
            new String[] {
              "'" + value + "' has a '${' that is never closed",
              "write ${NAME} or ${NAME:-default}, or $${ for a literal ${"
            });
        replacement = match;
      } else {
        String name = matcher.group(1).trim();
        String resolved = name.matches("[A-Za-z_][A-Za-z0-9_]*") ? environment.apply(name) : null;
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          problems.add(
              new String[] {
                "'${" + name + "}' is not a valid variable name",
                "use letters, digits and _ as in ${CLOUD_A_URL}"
              });
          replacement = match;
        } else if (resolved != null) {
          replacement = resolved;
        } else if (matcher.group(2) != null) {
          replacement = matcher.group(2);
        } else {
          problems.add(
              new String[] {
                "environment variable " + name + " is not set",
                "export " + name + "=... before the run, or write ${" + name + ":-default}"
              });
          replacement = match;
        }
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
