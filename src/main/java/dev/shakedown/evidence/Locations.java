package dev.shakedown.evidence;

import java.net.URI;
import java.nio.file.Path;

/** Feature locations as people read them: {@code features/failover/cloud.feature:12}. */
public final class Locations {
  private Locations() {}

  public static String of(URI uri, Integer line) {
    String path;
    if ("file".equals(uri.getScheme())) {
      Path file = Path.of(uri);
      Path cwd = Path.of("").toAbsolutePath();
      path = file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    } else {
      path = uri.toString();
    }
    return line == null ? path : path + ":" + line;
  }
}
