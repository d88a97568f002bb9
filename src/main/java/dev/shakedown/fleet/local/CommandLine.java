package dev.shakedown.fleet.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a command the way a shell would for simple cases (quotes, no expansion) and fills
 * placeholders.
 */
final class CommandLine {
  private CommandLine() {}

  static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("command has an unclosed " + quote + " quote: " + command);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  static List<String> fill(List<String> words, Map<String, String> values) {
    List<String> out = new ArrayList<>(words.size());
    for (String word : words) {
      String filled = word;
      for (var entry : values.entrySet()) {
        filled = filled.replace("{" + entry.getKey() + "}", entry.getValue());
      }
      out.add(filled);
    }
    return out;
  }
}
