package dev.shakedown.demo;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code --name value} pairs of the demo's processes, which are started by the harness, not by
 * people.
 */
final class DemoArguments {
  private DemoArguments() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "expected --name value pairs, got: " + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
