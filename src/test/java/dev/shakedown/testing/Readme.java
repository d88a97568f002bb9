package dev.shakedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's README, read by tests that hold it to what the code does. */
public final class Readme {
  private Readme() {}

  /** The text under the heading {@code heading} (as in {@code ### AWS}) up to the next heading. */
  public static String section(String heading) {
    String readme;
    try {
      readme = Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = readme.indexOf("\n" + heading + "\n");
    if (start < 0) {
      throw new AssertionError("README.md has no section " + heading);
    }
    int body = start + heading.length() + 2;
    int next = readme.indexOf("\n#", body);
    // A heading, not a comment line inside a fenced block: the next one at the start of a line
    // followed by a space after its hashes.
    while (next >= 0 && !readme.substring(next + 1).matches("(?s)#+ .*")) {
      next = readme.indexOf("\n#", next + 1);
    }
    return next < 0 ? readme.substring(body) : readme.substring(body, next);
  }
}
